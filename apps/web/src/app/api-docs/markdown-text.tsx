/**
 * The little Markdown that the OpenAPI descriptions use: paragraphs,
 * `code` spans and pipe tables. Enough to read them; no dependency and no
 * HTML injection (everything is rendered as React text).
 */
import { Fragment, type ReactNode } from "react";

import styles from "./api-docs.module.css";

export function InlineMarkdown({ text }: { text: string }): ReactNode {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
      <code key={index}>{part.slice(1, -1)}</code>
    ) : (
      <Fragment key={index}>{part}</Fragment>
    ),
  );
}

function tableCells(line: string): string[] {
  return line.replace(/^\|/, "").replace(/\|$/, "").split("|").map((cell) => cell.trim());
}

export function MarkdownText({ text }: { text: string }): ReactNode {
  const blocks = text.split(/\n\s*\n/).filter((block) => block.trim() !== "");
  return blocks.map((block, index) => {
    const lines = block.trim().split("\n");
    if (lines.length >= 2 && lines.every((line) => line.trim().startsWith("|"))) {
      const [header, , ...rows] = lines;
      return (
        <table key={index} className={styles.table}>
          <thead>
            <tr>
              {tableCells(header!).map((cell) => (
                <th key={cell}>
                  <InlineMarkdown text={cell} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row}>
                {tableCells(row).map((cell, cellIndex) => (
                  <td key={cellIndex}>
                    <InlineMarkdown text={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    return (
      <p key={index}>
        <InlineMarkdown text={block.trim()} />
      </p>
    );
  });
}
