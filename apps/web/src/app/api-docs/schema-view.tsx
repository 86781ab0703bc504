/**
 * JSON Schemas of the OpenAPI document, shown as readable types and property
 * tables. `$ref`s become links to the schema's own section of the page.
 */
import { Fragment, type ReactNode } from "react";

import type { JsonSchema } from "~/server/legacy/openapi-document";

import styles from "./api-docs.module.css";
import { InlineMarkdown } from "./markdown-text";

export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

function refName(ref: string): string {
  return ref.split("/").at(-1) ?? ref;
}

function joined(parts: ReactNode[], separator: string): ReactNode {
  return parts.map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? separator : null}
      {part}
    </Fragment>
  ));
}

/** One line that says what a value is: `string | null`, `array of PaymentTypeRef`, `"asc" | "desc"`... */
export function SchemaType({ schema }: { schema: JsonSchema }): ReactNode {
  if (typeof schema.$ref === "string") {
    const name = refName(schema.$ref);
    return <a href={`#${schemaAnchor(name)}`}>{name}</a>;
  }
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return joined(union.map((member, index) => <SchemaType key={index} schema={member} />), " | ");
  if (schema.allOf) return joined((schema.allOf as JsonSchema[]).map((member, index) => <SchemaType key={index} schema={member} />), " & ");
  if (Array.isArray(schema.enum)) return <code>{schema.enum.map((value) => JSON.stringify(value)).join(" | ")}</code>;
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  if (types.includes("array") && schema.items) {
    return (
      <>
        array of <SchemaType schema={schema.items as JsonSchema} />
      </>
    );
  }
  if (types.length === 0) return schema.properties ? "object" : "any JSON value";
  const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
  return `${types.join(" | ")}${format}`;
}

/** Limits and patterns, for the description column. */
function constraints(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const safe = Number.MAX_SAFE_INTEGER;
  if (typeof schema.minimum === "number" && schema.minimum !== -safe) notes.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === "number" && schema.maximum !== safe) notes.push(`≤ ${schema.maximum}`);
  if (typeof schema.exclusiveMinimum === "number") notes.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.pattern === "string") notes.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (Array.isArray(schema.examples)) notes.push(`e.g. ${schema.examples.map((example) => JSON.stringify(example)).join(", ")}`);
  return notes;
}

export function SchemaNotes({ schema }: { schema: JsonSchema }): ReactNode {
  const description = typeof schema.description === "string" ? schema.description : undefined;
  const notes = constraints(schema);
  return (
    <>
      {description ? <InlineMarkdown text={description} /> : null}
      {notes.length > 0 ? <div className={styles.muted}>{notes.join("; ")}</div> : null}
    </>
  );
}

/** The object's properties, one row each; inline objects (not `$ref`s) are expanded below their row. */
export function PropertiesTable({ schema }: { schema: JsonSchema }): ReactNode {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return null;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th>name</th>
          <th>type</th>
          <th>required</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(properties).map(([name, property]) => (
          <tr key={name}>
            <td>
              <code>{name}</code>
            </td>
            <td>
              <SchemaType schema={property} />
            </td>
            <td>{required.has(name) ? "yes" : "no"}</td>
            <td>
              <SchemaNotes schema={property} />
              {property.properties ? (
                <div className={styles.nested}>
                  <PropertiesTable schema={property} />
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
