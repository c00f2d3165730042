import type { TaskRecord } from "../../src/core/record.js";
import type { ScriptedFailure } from "../world.js";

/**
 * The `--fail` attempts that did not go wrong: the attempt never ran, or it ended done (its test command
 * passed with the scripted bug, e.g. a command that tests nothing the module wrote). Each line says which
 * and what to try (docs/simulate.md#failure-kinds).
 */
export function ungotFailures(failures: readonly ScriptedFailure[], record: TaskRecord | null): string[] {
  const lines: string[] = [];
  for (const failure of failures) {
    const label = `--fail ${failure.module}@${failure.attempt}${failure.kind ? `:${failure.kind}` : ""}`;
    const module = record?.modules.find((m) => m.name === failure.module || m.slug === failure.module);
    if (!module) {
      lines.push(`${label}: the plan has no module named "${failure.module}"`);
      continue;
    }
    if (failure.kind === "review") {
      // Played by the reviewer of that attempt, which runs only with the AI reviewer on (docs/ai-review.md).
      if (record?.config.gates.ai_review === "off") {
        lines.push(
          `${label}: the AI reviewer is off; set gates.ai_review: required (or advisory) in .github/conductor.yml`,
        );
      } else if (!module.attempts.some((a) => a.mode === "review" && a.number > failure.attempt)) {
        lines.push(`${label}: ${module.name}'s attempt ${failure.attempt} was never reviewed`);
      }
      continue;
    }
    const attempt = module.attempts.find((a) => a.number === failure.attempt);
    if (!attempt) lines.push(`${label}: ${module.name} never reached attempt ${failure.attempt}`);
    else if (attempt.state === "done" && failure.kind === "false-claim") {
      lines.push(
        `${label}: the false claim went unnoticed — set gates.reverify: required in the repository's .github/conductor.yml, so conductor/verify compares the verify job's re-run with the result`,
      );
    } else if (attempt.state === "done") {
      lines.push(
        `${label}: that attempt still went green — its test command passed with the scripted bug; try :missing, or a test command that tests the module's files`,
      );
    }
  }
  return lines;
}
