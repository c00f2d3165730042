import type { ModuleRecord, TaskRecord } from "./record.js";
import { lastAttempt } from "./step.js";

const money = (usd: number): string => `$${usd.toFixed(2)}`;

/**
 * Who an escalation @-mentions: the issue's assignees, `escalation.mention`, and the assignees of the failing
 * modules' sub-issues (docs/task-graph.md#sub-issues), each once.
 */
export function escalationMentions(r: TaskRecord, keys: readonly string[] = []): string[] {
  const owners = r.modules.filter((m) => keys.includes(m.key)).flatMap((m) => m.sub_issue?.assignees ?? []);
  const names = [...r.assignees, ...r.config.escalation.mention, ...owners].map((n) =>
    n.startsWith("@") ? n : `@${n}`,
  );
  return [...new Set(names)];
}

function moduleLine(m: ModuleRecord): string {
  const last = lastAttempt(m);
  const charged = m.attempts.filter((a) => a.charged).length;
  const pr = m.pr ? `#${m.pr}` : "—";
  const failure = m.reason ?? last?.feedback?.reason ?? "";
  const checks = last?.feedback?.failed_checks.map((c) => c.name).join(", ") || "—";
  return `| ${m.name} (phase ${m.phase}) | ${pr} | ${m.state} | ${m.attempts.length} (${charged} charged) | ${checks} | ${failure.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`;
}

/**
 * The escalation text (DESIGN §1.10): mentions, why, the failing modules with their checks and attempts,
 * the cost, and which commands continue. The comment and the webhook both carry it.
 */
export function escalationSummary(r: TaskRecord, reason: string, keys: readonly string[]): string {
  const modules = r.modules.filter((m) => keys.includes(m.key));
  const mentions = escalationMentions(r, keys);
  const lines = [
    `${mentions.length > 0 ? `${mentions.join(" ")} ` : ""}Conductor is **blocked** on #${r.issue}: ${reason}`,
    "",
  ];
  if (modules.length > 0) {
    lines.push(
      "| module | PR | state | attempts | failed checks | last failure |",
      "|---|---|---|---|---|---|",
      ...modules.map(moduleLine),
      "",
    );
  }
  lines.push(
    `Cost so far: ${money(r.cost_usd)} of ${money(r.config.limits.task_usd)}.`,
    "",
    "To continue: `/retry [note]` on this issue retries every stopped module, `/retry [note]` on a module PR retries that module, `/rollback phase-N` returns to a checkpoint, `/abort` stops the task.",
  );
  return lines.join("\n");
}
