import { isoNow, nextId, type SandboxContext } from "../context.js";
import { notFound } from "../http.js";
import { userShape } from "../shapes/common.js";
import { issueShape, labelShape } from "../shapes/issue.js";
import type { IssueRec, LabelRec } from "../state.js";
import { emit } from "../webhooks.js";
import { closePull, emitPull } from "./pulls.js";

/** The issue (or pull request's issue) with this number, or 404. */
export function getIssue(ctx: SandboxContext, number: number): IssueRec {
  return ctx.state.issues[number] ?? notFound();
}

/**
 * Emits what GitHub sends for a change to an issue: an `issues` event, or for a pull request the
 * matching `pull_request` event (labels, edits and state of a pull request are `pull_request` events).
 */
export async function emitIssue(
  ctx: SandboxContext,
  issue: IssueRec,
  action: string,
  sender: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (issue.isPull) await emitPull(ctx, issue.number, action, sender, extra);
  else emit(ctx, "issues", action, { issue: issueShape(ctx, issue), ...extra }, sender);
}

/** A repository label by name (case-insensitive). */
export function findLabel(ctx: SandboxContext, name: string): LabelRec | undefined {
  return ctx.state.labels[name.toLowerCase()];
}

/** Creates a label. */
export function createLabel(
  ctx: SandboxContext,
  name: string,
  color = "ededed",
  description: string | null = null,
): LabelRec {
  const label: LabelRec = { id: nextId(ctx), name, color: color.replace(/^#/, ""), description, default: false };
  ctx.state.labels[name.toLowerCase()] = label;
  return label;
}

/** Adds labels (creating unknown ones, as GitHub does); emits `labeled` for each new one. */
export async function addLabels(ctx: SandboxContext, issue: IssueRec, names: readonly string[], sender: string) {
  for (const name of names) {
    const label = findLabel(ctx, name) ?? createLabel(ctx, name);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    issue.updated_at = isoNow(ctx);
    await emitIssue(ctx, issue, "labeled", sender, { label: labelShape(ctx, label) });
  }
}

/** Removes one label; false when the issue does not have it. */
export async function removeLabel(
  ctx: SandboxContext,
  issue: IssueRec,
  name: string,
  sender: string,
): Promise<boolean> {
  const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  if (index < 0) return false;
  const [removed = name] = issue.labels.splice(index, 1);
  issue.updated_at = isoNow(ctx);
  const label = findLabel(ctx, removed);
  await emitIssue(ctx, issue, "unlabeled", sender, label ? { label: labelShape(ctx, label) } : {});
  return true;
}

/** Replaces the labels: removals first, then additions, each with its event. */
export async function setLabels(ctx: SandboxContext, issue: IssueRec, names: readonly string[], sender: string) {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const existing of [...issue.labels]) {
    if (!wanted.has(existing.toLowerCase())) await removeLabel(ctx, issue, existing, sender);
  }
  await addLabels(ctx, issue, names, sender);
}

/** Opens or closes an issue (for a pull request: closes it unmerged, or reopens it). */
export async function setIssueState(
  ctx: SandboxContext,
  issue: IssueRec,
  state: "open" | "closed",
  reason: IssueRec["state_reason"],
  sender: string,
): Promise<void> {
  if (issue.state === state) return;
  if (issue.isPull && state === "closed") return closePull(ctx, issue.number, sender);
  const now = isoNow(ctx);
  issue.state = state;
  issue.updated_at = now;
  issue.closed_at = state === "closed" ? now : null;
  issue.closed_by = state === "closed" ? sender : null;
  issue.state_reason = state === "closed" ? (reason ?? "completed") : "reopened";
  if (issue.isPull) {
    const pull = ctx.state.pulls[issue.number];
    if (pull) pull.frozen = null;
  }
  await emitIssue(ctx, issue, state === "closed" ? "closed" : "reopened", sender);
}

/** Replaces the assignees, emitting `assigned`/`unassigned` per change. */
export async function setAssignees(ctx: SandboxContext, issue: IssueRec, logins: readonly string[], sender: string) {
  for (const login of [...issue.assignees]) {
    if (logins.includes(login)) continue;
    issue.assignees = issue.assignees.filter((l) => l !== login);
    await emitIssue(ctx, issue, "unassigned", sender, { assignee: userShape(ctx, login) });
  }
  for (const login of logins) {
    if (issue.assignees.includes(login)) continue;
    issue.assignees.push(login);
    await emitIssue(ctx, issue, "assigned", sender, { assignee: userShape(ctx, login) });
  }
}
