import { encodeMarker } from "../../src/protocol/marker.js";
import type { CommandRun, Result } from "../../src/protocol/result.js";
import type { RunnerEnv } from "./inputs.js";
import type { TranscriptDigest } from "./transcript.js";

const ICON: Record<Result["status"], string> = { done: "✅", incomplete: "⏸️", failed: "❌" };

/** What the comment shows besides the result: the transcript's digest and where the run's artifacts are. */
export interface ResultExtras {
  digest?: TranscriptDigest;
  /** The workflow run's page; its artifacts (the transcript) are listed at `#artifacts`. */
  runUrl?: string | null;
}

/** The workflow run's page, when the runner says which run this is. */
export function runUrl(runner: RunnerEnv): string | null {
  return runner.GITHUB_RUN_ID
    ? `${runner.GITHUB_SERVER_URL}/${runner.GITHUB_REPOSITORY}/actions/runs/${runner.GITHUB_RUN_ID}`
    : null;
}

/**
 * The readable summary of a result (the result comment and the job summary): verdict, model and
 * repository instructions, items, the harness's commands with their exit codes, tokens, cost and
 * duration, a link to the transcript; and when the attempt did not succeed, its last tool calls and
 * the output of the last command that failed.
 */
export function renderResult(result: Result, notes: readonly string[] = [], extras: ResultExtras = {}): string {
  const { digest } = extras;
  const lines = [
    `### ${ICON[result.status]} Conductor executor: ${result.module}, attempt ${result.attempt} — ${result.status}`,
    "",
    `Task #${result.task} · stop reason \`${result.stop_reason}\` · head \`${result.head_sha.slice(0, 12)}\``,
  ];
  if (digest?.model) {
    const read = digest.instructions.map((f) => `\`${f}\``).join(", ") || "none";
    lines.push(
      "",
      `Engine \`${digest.engine ?? "builtin"}\` · model \`${digest.model}\` · repository instructions: ${read}`,
    );
  }
  if (result.error) lines.push("", `> ${oneLine(result.error)}`);
  const claimedDone = result.items.some((i) => i.status === "FIXED" || i.status === "ALREADY_IMPLEMENTED");
  const failedRuns = harnessRuns(result).filter((r) => r.exit_code !== 0);
  if (claimedDone && failedRuns.length > 0) {
    lines.push("", `> ⚠️ The model reported items done, but the harness saw ${failedRuns.length} command(s) fail.`);
  }
  for (const note of notes) lines.push("", `> ${oneLine(note)}`);
  lines.push("", "| item | status | changes | problems |", "|---|---|---|---|");
  for (const item of result.items) {
    const changes = item.changes_made.map((c) => `\`${c.file}\``).join(", ") || "—";
    lines.push(
      `| \`${item.id}\` | ${item.status} | ${changes} | ${cell(item.problems_encountered.join("; ")) || "—"} |`,
    );
  }
  const runs = harnessRuns(result);
  if (runs.length > 0) {
    lines.push("", "| harness ran | exit |", "|---|---|");
    for (const run of runs) lines.push(`| \`${cell(run.command)}\` | ${run.timed_out ? "timed out" : run.exit_code} |`);
  }
  const u = result.usage;
  lines.push(
    "",
    `${result.turns} turns · ${u.input_tokens} input + ${u.cache_read_tokens} cache-read + ${u.cache_write_tokens} cache-write + ${u.output_tokens} output tokens · $${u.usd.toFixed(4)} · ${(result.duration_ms / 1000).toFixed(1)} s`,
  );
  if (extras.runUrl) lines.push("", `[Transcript and logs](${extras.runUrl}#artifacts) (workflow run artifacts)`);
  if (digest && result.status !== "done") lines.push(...renderTrail(digest));
  const failing = runs.filter((r) => r.exit_code !== 0 && r.output_tail.trim() !== "");
  for (const run of failing.slice(0, 3)) {
    lines.push(
      "",
      `<details><summary>Output of <code>${escapeHtml(run.command)}</code></summary>`,
      "",
      fence(run.output_tail),
      "</details>",
    );
  }
  return lines.join("\n");
}

/** GitHub refuses comments over 65,536 characters; this leaves room for its own accounting. */
export const MAX_COMMENT = 65_000;

/**
 * The result comment: the readable summary, then the hidden machine-readable marker. Output tails are
 * shortened, step by step, until the comment fits; the result that fits is returned with it, so the
 * comment and the action's `result` output say the same thing.
 */
export function renderResultComment(
  result: Result,
  notes: readonly string[] = [],
  extras: ResultExtras = {},
): { body: string; result: Result } {
  for (const limit of [Number.POSITIVE_INFINITY, 1500, 400, 0]) {
    const fitted = limitTails(result, limit);
    const trail =
      extras.digest && limit < 1500 ? { ...extras, digest: { ...extras.digest, failingCommand: null } } : extras;
    const body = `${renderResult(fitted, notes, trail)}\n\n${encodeMarker("result", fitted)}\n`;
    if (body.length <= MAX_COMMENT || limit === 0) return { body, result: fitted };
  }
  throw new Error("unreachable");
}

function limitTails(result: Result, limit: number): Result {
  if (limit === Number.POSITIVE_INFINITY) return result;
  const cut = (run: CommandRun | null) => run && { ...run, output_tail: run.output_tail.slice(-limit) };
  return {
    ...result,
    test: cut(result.test),
    items: result.items.map((item) => ({
      ...item,
      harness: {
        verification: cut(item.harness.verification),
        hallucination_check: cut(item.harness.hallucination_check),
      },
    })),
  };
}

/** The model's last steps and its last failing command: where to start reading a failed attempt. */
function renderTrail(digest: TranscriptDigest): string[] {
  const lines: string[] = [];
  if (digest.lastCalls.length > 0) {
    lines.push("", "Last tool calls:");
    for (const call of digest.lastCalls) {
      // In <code>, so a command the model wrote cannot @-mention anyone or add markup.
      const what = call.summary ? ` <code>${escapeHtml(oneLine(call.summary))}</code>` : "";
      lines.push(`- \`${call.name}\`${what}${call.isError ? " (error)" : ""}`);
    }
  }
  const failed = digest.failingCommand;
  if (failed) {
    lines.push(
      "",
      `<details><summary>Last failing command the model ran: <code>${escapeHtml(failed.command.slice(0, 200))}</code> (${escapeHtml(failed.status)})</summary>`,
      "",
      fence(failed.tail),
      "</details>",
    );
  }
  return lines;
}

function harnessRuns(result: Result): CommandRun[] {
  const items = result.items.flatMap((i) => [i.harness.verification, i.harness.hallucination_check]);
  return [result.test, ...items].filter((r): r is CommandRun => r !== null);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

function cell(text: string): string {
  return oneLine(text).replace(/\|/g, "\\|").slice(0, 300);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}\n${text}\n${ticks}`;
}
