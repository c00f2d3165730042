import type { CommandRun, Result } from "../protocol/result.js";

/** The most of a command's output tail a reason quotes: enough to see the error, short enough for a table. */
const QUOTE_MAX = 240;

/** The last lines of `output` that fit in `QUOTE_MAX` characters, on one line. */
export function quoteTail(output: string): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const picked: string[] = [];
  let size = 0;
  for (const line of lines.reverse()) {
    if (picked.length > 0 && size + line.length > QUOTE_MAX) break;
    picked.unshift(line);
    size += line.length + 3;
  }
  const text = picked.join(" ⏎ ");
  return text.length > QUOTE_MAX ? `…${text.slice(-(QUOTE_MAX - 1))}` : text;
}

function ran(what: string, run: CommandRun): string {
  const how = run.timed_out ? "timed out" : `exited ${run.exit_code}`;
  const tail = quoteTail(run.output_tail);
  return `${what} \`${run.command}\` ${how}${tail ? `: ${tail}` : " with no output"}`;
}

const STOPPED: Record<Result["stop_reason"], string> = {
  finished: "the executor finished",
  budget: "the executor ran out of its budget",
  timeout: "the executor ran out of time",
  error: "the executor failed",
};

/**
 * Why an attempt's result is not done, in words a maintainer can act on (dashboard, escalation, and the
 * next brief's feedback): the first command the harness saw fail — the test command before an item's
 * verification or hallucination check — with its exit code and the end of its output; else the items the
 * model reported not done with its own words; else how the executor stopped and its error.
 */
export function resultReason(result: Result): string {
  if (result.test && (result.test.exit_code !== 0 || result.test.timed_out))
    return ran("the test command", result.test);
  for (const item of result.items) {
    const { verification, hallucination_check: check } = item.harness;
    if (verification && verification.exit_code !== 0) return ran(`${item.id}'s verification command`, verification);
    if (check && check.exit_code !== 0) return ran(`${item.id}'s hallucination check`, check);
  }
  const undone = result.items.filter((i) => i.status === "FAILED" || i.status === "PARTIALLY_FIXED");
  const stopped = `${STOPPED[result.stop_reason]}${result.error ? `: ${quoteTail(result.error)}` : ""}`;
  if (undone.length === 0)
    return result.stop_reason === "error" ? stopped : `${stopped} and reported the work ${result.status}`;
  const items = undone.map(
    (i) =>
      `${i.id} ${i.status}${i.problems_encountered.length > 0 ? ` (${quoteTail(i.problems_encountered.join("; "))})` : ""}`,
  );
  return `${stopped} with items not done: ${items.join("; ")}`;
}
