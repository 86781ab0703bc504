/**
 * `/api-docs`: the legacy API's reference, rendered on the server from the
 * same OpenAPI document that `/api/openapi.json` serves. Nothing is fetched,
 * from this server or the internet (no Swagger UI from a CDN): the page works
 * offline and needs no script.
 */
import type { ReactNode } from "react";

import {
  type JsonSchema,
  legacyOpenApiDocument,
  openApiMethods,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiRef,
  type OpenApiResponse,
} from "~/server/legacy/openapi-document";

import styles from "./api-docs.module.css";
import { InlineMarkdown, MarkdownText } from "./markdown-text";
import { PropertiesTable, SchemaNotes, schemaAnchor, SchemaType } from "./schema-view";

export const metadata = {
  title: "Legacy API reference",
  description: "Paths, parameters, answers and errors of the customer records' legacy REST API.",
};

function isRef(value: object): value is OpenApiRef {
  return "$ref" in value;
}

/** Follows a local `$ref` (`#/components/parameters/Version`). */
function resolve<T extends object>(document: OpenApiDocument, value: T | OpenApiRef): T {
  if (!isRef(value)) return value;
  let node: unknown = document;
  for (const segment of value.$ref.replace(/^#\//, "").split("/")) node = (node as Record<string, unknown>)[segment];
  return node as T;
}

interface OperationEntry {
  path: string;
  method: (typeof openApiMethods)[number];
  operation: OpenApiOperation;
  parameters: OpenApiParameter[];
}

function operationsOf(document: OpenApiDocument): OperationEntry[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    openApiMethods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        resolve(document, parameter),
      );
      return [{ path, method, operation, parameters }];
    }),
  );
}

/** The error codes a response may carry: the `enum` next to the Error schema. */
function errorCodesOf(schema: JsonSchema | undefined): string[] {
  const parts = (schema?.allOf as JsonSchema[] | undefined) ?? [];
  for (const part of parts) {
    const error = (part.properties as Record<string, JsonSchema> | undefined)?.error;
    if (Array.isArray(error?.enum)) return error.enum as string[];
  }
  return [];
}

function MethodBadge({ method }: { method: string }) {
  const tone = method === "get" ? styles.get : method === "post" ? styles.post : "";
  return <span className={`${styles.method} ${tone}`}>{method}</span>;
}

function ParametersTable({ parameters }: { parameters: OpenApiParameter[] }): ReactNode {
  if (parameters.length === 0) return null;
  return (
    <>
      <h4>Parameters</h4>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>name</th>
            <th>in</th>
            <th>type</th>
            <th>required</th>
            <th>description</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((parameter) => (
            <tr key={`${parameter.in}:${parameter.name}`}>
              <td>
                <code>{parameter.name}</code>
              </td>
              <td>{parameter.in}</td>
              <td>
                <SchemaType schema={parameter.schema} />
              </td>
              <td>{parameter.required ? "yes" : "no"}</td>
              <td>
                {parameter.description ? <InlineMarkdown text={parameter.description} /> : null}
                <SchemaNotes schema={{ ...parameter.schema, description: undefined }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function RequestBody({ document, operation }: { document: OpenApiDocument; operation: OpenApiOperation }): ReactNode {
  if (!operation.requestBody) return null;
  return (
    <>
      <h4>Request body</h4>
      <ul>
        {Object.entries(operation.requestBody.content).map(([mediaType, media]) => (
          <li key={mediaType}>
            <code>{mediaType}</code>: <SchemaType schema={media.schema} />
          </li>
        ))}
      </ul>
      {/* the form's fields, once: every media type of a body takes the same ones (multipart adds the file) */}
      {Object.values(operation.requestBody.content)
        .slice(-1)
        .map((media, index) => (
          <PropertiesTable key={index} schema={resolve(document, media.schema as JsonSchema | OpenApiRef) as JsonSchema} />
        ))}
    </>
  );
}

function ResponsesTable({ document, operation }: { document: OpenApiDocument; operation: OpenApiOperation }) {
  return (
    <>
      <h4>Responses</h4>
      <table className={styles.table}>
        <thead>
          <tr>
            <th>status</th>
            <th>description</th>
            <th>body</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(operation.responses).map(([status, reference]) => {
            const response = resolve<OpenApiResponse>(document, reference);
            const schema = response.content?.["application/json"]?.schema;
            const codes = errorCodesOf(schema);
            return (
              <tr key={status}>
                <td>{status}</td>
                <td>
                  <InlineMarkdown text={response.description} />
                  {response.headers ? (
                    <div className={styles.muted}>
                      headers: {Object.keys(response.headers).map((name) => <code key={name}>{name}</code>)}
                    </div>
                  ) : null}
                </td>
                <td>
                  {codes.length > 0 ? (
                    <>
                      <a href={`#${schemaAnchor("Error")}`}>Error</a> with <code>error</code>{" "}
                      {codes.map((code, index) => (
                        <span key={code}>
                          {index > 0 ? ", " : ""}
                          <code>{code}</code>
                        </span>
                      ))}
                    </>
                  ) : schema ? (
                    <SchemaType schema={schema} />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function Operation({ document, entry }: { document: OpenApiDocument; entry: OperationEntry }) {
  const { operation } = entry;
  const isPublic = operation.security !== undefined && operation.security.length === 0;
  return (
    <article id={operation.operationId} className={styles.operation}>
      <h3>
        <MethodBadge method={entry.method} />
        <code>{entry.path}</code>
      </h3>
      <p>
        <strong>
          <InlineMarkdown text={operation.summary} />
        </strong>
        {isPublic ? <span className={styles.muted}> (no credential needed)</span> : null}
      </p>
      {operation.description ? <MarkdownText text={operation.description} /> : null}
      <ParametersTable parameters={entry.parameters} />
      <RequestBody document={document} operation={operation} />
      <ResponsesTable document={document} operation={operation} />
    </article>
  );
}

export default function ApiDocsPage() {
  const document = legacyOpenApiDocument();
  const operations = operationsOf(document);
  const securitySchemes = Object.entries(document.components.securitySchemes);

  return (
    <main className={styles.page}>
      <h1>{document.info.title}</h1>
      <p className={styles.muted}>
        Version {document.info.version}, OpenAPI {document.openapi}. The machine-readable document:{" "}
        <a href="/api/openapi.json">/api/openapi.json</a>.
      </p>
      <MarkdownText text={document.info.description} />

      <nav className={styles.toc} aria-label="Operations">
        <h2>Operations</h2>
        {document.tags.map((tag) => (
          <div key={tag.name}>
            <strong>{tag.name}</strong>
            <ul>
              {operations
                .filter((entry) => entry.operation.tags.includes(tag.name))
                .map((entry) => (
                  <li key={entry.operation.operationId}>
                    <a href={`#${entry.operation.operationId}`}>
                      {entry.method.toUpperCase()} {entry.path}
                    </a>{" "}
                    <span className={styles.muted}>
                      <InlineMarkdown text={entry.operation.summary} />
                    </span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </nav>

      <section>
        <h2>Authentication</h2>
        <ul>
          {securitySchemes.map(([name, scheme]) => (
            <li key={name}>
              <code>{name}</code>: {String(scheme.type)}
              {scheme.scheme ? ` ${String(scheme.scheme)}` : ""}
              {scheme.in ? ` in ${String(scheme.in)} ${String(scheme.name)}` : ""}
              {typeof scheme.description === "string" ? (
                <>
                  {" "}
                  (<InlineMarkdown text={scheme.description} />)
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      {document.tags.map((tag) => (
        <section key={tag.name}>
          <h2>{tag.name}</h2>
          <p className={styles.muted}>
            <InlineMarkdown text={tag.description} />
          </p>
          {operations
            .filter((entry) => entry.operation.tags.includes(tag.name))
            .map((entry) => (
              <Operation key={entry.operation.operationId} document={document} entry={entry} />
            ))}
        </section>
      ))}

      <section>
        <h2>Schemas</h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div key={name} id={schemaAnchor(name)} className={styles.schema}>
            <h3>{name}</h3>
            <p>
              <SchemaType schema={schema} />
            </p>
            <SchemaNotes schema={schema} />
            <PropertiesTable schema={schema} />
          </div>
        ))}
      </section>
    </main>
  );
}
