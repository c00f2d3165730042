import type { ConfigError } from "./describe-issue.js";

/** A comment may hold 65,536 characters; a file of garbage must still yield one readable comment. */
const MAX_LISTED = 50;

/** Inline code that survives backticks and line breaks in the text (CommonMark: a longer backtick fence). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s+/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * Messages quote the user's values, so they must not become Markdown, HTML or @-mentions in our comment:
 * punctuation is backslash-escaped and a zero-width space after `@` keeps GitHub from pinging anyone.
 * Our own `code` spans in messages (suggested key names) are kept.
 */
function plain(message: string): string {
  return message
    .split(/(`[A-Za-z0-9_.-]+`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\`*_[\]<>#|~!]/g, "\\$&").replace(/@/g, "@\u200b")))
    .join("");
}

/**
 * The body of the one comment Conductor posts when `.github/conductor.yml` is invalid: every problem, each
 * naming its key (and line, when known), and the promise that nothing runs until the file is fixed.
 */
export function formatConfigErrors(errors: readonly ConfigError[], path: string): string {
  const count = errors.length === 1 ? "1 problem" : `${errors.length} problems`;
  const lines = [`**Conductor cannot use ${codeSpan(path)}** (${count}), so nothing will run until it is fixed:`, ""];
  for (const error of errors.slice(0, MAX_LISTED)) {
    const key = error.key === "" ? "the file" : codeSpan(error.key);
    // A key-less error (YAML syntax) says its line and column in the message already.
    const line = error.line === undefined || error.key === "" ? "" : ` (line ${error.line})`;
    lines.push(`- ${key}${line}: ${plain(error.message)}`);
  }
  if (errors.length > MAX_LISTED) lines.push(`- …and ${errors.length - MAX_LISTED} more.`);
  lines.push(
    "",
    "Every key, its type and its default are in `conductor.schema.json` in the Conductor repository; " +
      "editors with YAML support can check the file against it as you type.",
  );
  return lines.join("\n");
}
