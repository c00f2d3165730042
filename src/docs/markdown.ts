/** Small Markdown helpers shared by the generated pages. */

/** Inline code; a value holding backticks gets a longer fence (CommonMark). */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: one line, and `|` escaped (GitHub honours `\|` even inside code spans in a table). */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
}

/** A GitHub-flavoured Markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The first line of every generated page, so nobody edits it by hand. */
export function generatedNotice(source: string): string {
  return `<!-- Generated from ${source} by \`npm run gen:docs\`. Do not edit by hand: a test fails when it drifts. -->`;
}
