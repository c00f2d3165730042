import { z } from "zod";
import { hasRole } from "../../config/roles.js";
import { editMatters } from "../../core/on-label.js";
import { readBlockers } from "../reads/read-blockers.js";
import { readRole } from "../reads/read-role.js";
import type { Intake, Routed } from "../reconcile/intake.js";
import { nothing } from "../reconcile/intake.js";
import { blockingChanged } from "./issue-dependencies.js";
import { subIssueAssigned } from "./sub-issue-assigned.js";

const Payload = z.object({
  action: z.string(),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullish(),
    labels: z.array(z.object({ name: z.string() })).nullish(),
    assignees: z.array(z.object({ login: z.string() }).nullable()).nullish(),
    /** GitHub's counts of the issue's dependencies: zero means no request is needed to know there are none. */
    issue_dependencies_summary: z
      .object({ blocked_by: z.number().int().nonnegative(), total_blocking: z.number().int().nonnegative() })
      .nullish(),
  }),
  label: z.object({ name: z.string() }).optional(),
  changes: z.object({ body: z.unknown().optional() }).optional(),
  sender: z.object({ login: z.string() }),
  repository: z.object({ default_branch: z.string().min(1) }),
});

/** Conductor's own status labels (`conductor:running`, …): changing them is never a trigger. */
const isStatusLabel = (name: string): boolean => name.startsWith("conductor:");

/**
 * `issues.labeled|unlabeled|edited|closed|assigned|unassigned` → `LabelAdded` (+ `BlockersRead`) / `ConfigInvalid` /
 * `LabelRemoved` / `IssueEdited` / `IssueClosed` / `SubIssueAssigned` (a module's sub-issue). Dropped before any request: Conductor's own status labels,
 * edits that do not touch the body, and anything on an issue that carries no `conductor:` status label (no
 * task there: the status label is the first thing a task sets) — except that an issue closed or reopened
 * while it blocks others re-reads the blockers of the tasks it blocks (docs/task-graph.md#blocked-by).
 */
export function fromIssues(id: string, raw: unknown): Routed {
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) return null;
  const p = parsed.data;
  const issue = p.issue.number;
  const hints = { title: p.issue.title, body: p.issue.body ?? "" };
  const sender = p.sender.login;
  const base = { issue, id, hints };
  const isTask = (p.issue.labels ?? []).some((l) => isStatusLabel(l.name));
  const blocks = (p.issue.issue_dependencies_summary?.total_blocking ?? 0) > 0;
  const blockedBy = p.issue.issue_dependencies_summary?.blocked_by ?? 0;
  switch (p.action) {
    case "labeled": {
      const label = p.label?.name;
      if (label === undefined || isStatusLabel(label)) return null;
      return labeled(base, label, sender, p.repository.default_branch, assigneesOf(p.issue.assignees), blockedBy);
    }
    case "unlabeled": {
      const label = p.label?.name;
      if (!isTask || label === undefined || isStatusLabel(label)) return null;
      return {
        ...base,
        async build({ record }) {
          if (!record || record.config.trigger.label !== label) return nothing;
          return { events: [{ type: "LabelRemoved", id, sender }] };
        },
      };
    }
    case "edited":
      if (!isTask || p.changes?.body === undefined) return null;
      return {
        ...base,
        // The editor's role is read only when the core says an edit could change something now.
        async build(io) {
          if (!io.record || !editMatters(io.record)) return nothing;
          const role = await readRole(io.octokit, io.repo, sender);
          return { events: [{ type: "IssueEdited", id, body: hints.body, sender, role }] };
        },
      };
    case "closed":
      // Another issue closing may unblock tasks it blocked (docs/task-graph.md#blocked-by).
      if (!isTask) return blocks ? blockingChanged(issue, id) : null;
      return {
        ...base,
        build: async ({ record }) => (record ? { events: [{ type: "IssueClosed", id, sender }] } : nothing),
      };
    case "reopened":
      return !isTask && blocks ? blockingChanged(issue, id) : null;
    case "assigned":
    case "unassigned":
      // A module's sub-issue: who is assigned is who its escalations mention (docs/task-graph.md#sub-issues).
      return subIssueAssigned(id, issue, p.issue.body, assigneesOf(p.issue.assignees));
    default:
      return null;
  }
}

const assigneesOf = (list: readonly ({ login: string } | null)[] | null | undefined): string[] =>
  (list ?? []).flatMap((a) => (a ? [a.login] : []));

/**
 * The trigger label: only the configured label counts, so the configuration is read first. A broken file
 * is reported as `ConfigInvalid` with the sender's role: the core decides whether the sender gets the list
 * of bad keys or, lacking `write`, the polite refusal.
 */
function labeled(
  base: Pick<Intake, "issue" | "id" | "hints">,
  label: string,
  sender: string,
  defaultBranch: string,
  assignees: string[],
  blockedBy: number,
): Intake {
  return {
    ...base,
    async build(io) {
      const loaded = await io.readConfig();
      const trigger = loaded.ok ? loaded.config.trigger.label : loaded.trigger;
      if (label !== trigger) return nothing;
      // The app labels an issue with the trigger only when it opened it for a task file pushed to the default
      // branch (docs/spec-format.md#task-files), which takes write access; its bot has no collaborator role.
      const own = sender === (await io.identity.botLogin());
      const role = own ? ("write" as const) : await readRole(io.octokit, io.repo, sender);
      const labelAdded = {
        type: "LabelAdded" as const,
        id: base.id,
        issue: base.issue,
        sender,
        role,
        default_branch: defaultBranch,
        assignees,
      };
      if (loaded.ok) {
        // What blocks the task is read with the label, so it waits from the start (docs/task-graph.md#blocked-by).
        // Only when GitHub's summary says there are some, or the task still remembers some: a repository
        // that does not use dependencies pays no request and its timeline shows no extra event.
        const stale = (io.record?.blockers.length ?? 0) > 0;
        if (!hasRole(role, "write") || (blockedBy === 0 && !stale))
          return { events: [labelAdded], config: loaded.config };
        const blockers = blockedBy > 0 ? await readBlockers(io.octokit, io.repo, base.issue) : [];
        const known = { type: "BlockersRead" as const, id: `${base.id}:blockers`, blockers };
        return { events: [labelAdded, known], config: loaded.config };
      }
      const cause = { kind: "label" as const, label };
      return {
        events: [{ type: "ConfigInvalid", id: base.id, issue: base.issue, errors: loaded.errors, sender, role, cause }],
      };
    },
  };
}
