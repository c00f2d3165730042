import { planModule } from "../../core/brief.js";
import type { ModuleRecord, TaskRecord } from "../../core/record.js";
import { sanitize } from "../../protocol/sanitize.js";

/** `<!-- conductor:sub-issue task=<issue> module=<key> -->`: how a module's sub-issue is found again. */
export function subIssueMarker(task: number, key: string): string {
  return `<!-- conductor:sub-issue task=${task} module=${key} -->`;
}

const MARKER = /<!--\s*conductor:sub-issue task=([1-9][0-9]*) module=(p[1-9][0-9]*-[a-z0-9][a-z0-9-]*)\s*-->\s*$/;

/**
 * The task and module a sub-issue body names, read from its last line only: the readable part quotes the
 * plan's text, which a spec author controls, so a marker in it would not be ours.
 */
export function readSubIssueMarker(body: string | null | undefined): { task: number; module: string } | null {
  const match = MARKER.exec((body ?? "").trimEnd());
  return match?.[1] && match[2] ? { task: Number(match[1]), module: match[2] } : null;
}

/**
 * The sub-issue's body (docs/task-graph.md#sub-issues): what the module is for, in the plan's words (without
 * hidden markup), what Conductor does with the issue, and the marker on the last line.
 */
export function renderSubIssueBody(r: TaskRecord, m: ModuleRecord): string {
  const planned = planModule(r, m);
  const tasks = planned?.phase.tasks.map((t) => `- ${sanitize(t)}`) ?? [];
  const text = sanitize(planned?.module.instructions ?? "").trim();
  const paths = planned?.module.paths ?? [];
  const needs = planned?.module.depends_on ?? [];
  const lines = [
    `**Conductor** · module \`${m.name}\` of #${r.issue} · phase ${m.phase}${planned ? `: ${sanitize(planned.phase.name)}` : ""}`,
    "",
    ...(tasks.length > 0 ? ["Phase tasks:", "", ...tasks, ""] : []),
    ...(text ? [text, ""] : []),
    ...(paths.length > 0 ? [`Paths: ${paths.map((p) => `\`${p}\``).join(", ")}`, ""] : []),
    ...(needs.length > 0 ? [`Depends on: ${needs.join(", ")}`, ""] : []),
    "Conductor links this module's PR here, closes this issue when the PR merges and reopens it if a rollback undoes the merge. Whoever is assigned here is mentioned when this module escalates.",
    "",
    subIssueMarker(r.issue, m.key),
  ];
  return lines.join("\n");
}
