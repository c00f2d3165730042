import { encodeMarker } from "../../../src/protocol/marker.js";
import type { CommandRun } from "../../../src/protocol/result.js";
import type { Reverification } from "../../../src/protocol/reverify.js";

const MAX_TAIL = 1500;

/**
 * The re-verification comment: what the verify job saw, readable, and the record itself in a hidden
 * `conductor:reverify` marker for the app. The comparison with the result is the app's
 * (`conductor/verify`), so this only reports exit codes.
 */
export function renderReverifyComment(record: Reverification): string {
  const runs: [string, CommandRun | null][] = [
    ["test command", record.test],
    ...record.items.flatMap((item): [string, CommandRun | null][] => [
      [`${item.id}: verification`, item.verification],
      [`${item.id}: hallucination check`, item.hallucination_check],
    ]),
  ];
  const ran = runs.filter((entry): entry is [string, CommandRun] => entry[1] !== null);
  const lines = [
    `### 🔁 Re-verification of attempt ${record.attempt} at \`${record.head_sha.slice(0, 7)}\``,
    "",
    "The result's commands, run again by the executor workflow's verify job on a fresh checkout of this SHA (not the agent's workspace). `conductor/verify` compares these exit codes with the result's.",
    "",
  ];
  if (record.error) lines.push(`**Did not complete:** ${record.error}`, "");
  if (ran.length > 0) {
    lines.push("| command | exit |", "|---|---|");
    for (const [what, run] of ran) {
      lines.push(`| ${what}: \`${cell(run.command)}\` | ${run.exit_code}${run.timed_out ? " (timed out)" : ""} |`);
    }
    lines.push("");
  }
  const failing = ran.filter(([, run]) => run.exit_code !== 0);
  for (const [what, run] of failing) {
    lines.push(
      `<details><summary>${what} output</summary>`,
      "",
      "```",
      capTail(run.output_tail),
      "```",
      "</details>",
      "",
    );
  }
  if (record.sandbox) lines.push(`_${record.sandbox}._`, "");
  lines.push(encodeMarker("reverify", record));
  return lines.join("\n");
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("`", "'").replaceAll("\n", " ");
}

function capTail(text: string): string {
  const capped = text.length > MAX_TAIL ? `…${text.slice(-MAX_TAIL)}` : text;
  return capped.replaceAll("```", "'''");
}
