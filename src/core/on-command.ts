import type { Command } from "../commands/command.js";
import { renderHelp } from "../commands/table.js";
import { hasRole } from "../config/roles.js";
import { abortTask } from "./abort.js";
import { advance } from "./advance.js";
import { retryModule, retryTask } from "./command-retry.js";
import { rollbackModule, rollbackPhase } from "./command-rollback.js";
import type { Target } from "./effects.js";
import type { CommandWhere, EventOf } from "./events.js";
import { LIMITS } from "./record.js";
import { effectiveStatus, eid, emit, findModule, isTerminal, log, type Step, setStatus } from "./step.js";

const targetOf = (where: CommandWhere): Target =>
  where.kind === "issue" ? { kind: "issue" } : { kind: "pull", pr: where.pr };

/** Mark a comment as answered; false when it was answered before (each comment id counts once). */
function firstTime(s: Step, commentId: number): boolean {
  if (s.r.seen_comments.includes(commentId)) return false;
  s.r.seen_comments.push(commentId);
  if (s.r.seen_comments.length > LIMITS.seen_comments) s.r.seen_comments.shift();
  return true;
}

function react(s: Step, commentId: number, content: "eyes" | "-1" | "confused"): void {
  emit(s, {
    type: "React",
    id: eid(s, "react", commentId),
    target: { kind: "comment", comment_id: commentId },
    content,
  });
}

function reply(s: Step, commentId: number, where: CommandWhere, body: string): void {
  emit(s, { type: "Comment", id: eid(s, "reply", commentId), target: targetOf(where), body });
}

/** Runs an accepted command; returns a refusal to reply with (😕), or null when it was carried out. */
function run(s: Step, event: EventOf<"CommandReceived">, command: Command): string | null {
  const { r } = s;
  const { where, sender } = event;
  const module = where.kind === "pull" && where.module ? findModule(r, where.module) : undefined;
  // A module PR from an earlier plan must not be mistaken for the task: a `/rollback` there would
  // otherwise roll back a whole phase.
  const stray = where.kind === "pull" && where.module && !module ? "this PR is not part of the current plan" : null;
  switch (command.name) {
    case "status":
      emit(s, {
        type: "UpsertDashboard",
        id: eid(s, "status", event.comment_id),
        reply: { target: targetOf(where), comment_id: event.comment_id },
      });
      return null;
    case "help":
      // The one command table (src/commands/table.ts) also renders the docs and the dashboard.
      reply(s, event.comment_id, where, renderHelp(r.config));
      return null;
    case "abort":
      if (isTerminal(r)) return `the task is already ${r.status}`;
      abortTask(s, command.reason ? `${command.reason} (@${sender})` : `/abort by @${sender}`);
      return null;
    case "approve-plan":
      if (where.kind !== "issue") return "`/approve-plan` goes on the task issue";
      if (effectiveStatus(r) !== "awaiting_approval") return "no plan is waiting for approval";
      setStatus(r, "running");
      log(s, `plan approved by @${sender}`);
      advance(s);
      return null;
    case "retry":
      if (isTerminal(r)) return `the task is ${r.status}`;
      if (stray) return stray;
      return module ? retryModule(s, module, command.note, sender) : retryTask(s, command.note, sender);
    case "rollback":
      if (isTerminal(r)) return `the task is ${r.status}`;
      if (stray) return stray;
      if (module && command.phase === null) return rollbackModule(s, module, sender);
      return rollbackPhase(s, command.phase, sender);
    case "reset":
      // A readable record is the task's truth: rebuilding it from GitHub would forget what only the record
      // knows (attempt windows, the breaker, escalations), so `/reset` is for a record that cannot be read
      // (src/core/unreadable.ts, docs/commands.md).
      return "the task's record is readable, so there is nothing to rebuild; `/reset` only repairs a record Conductor cannot read";
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** Who wrote a command comment, and where. */
type CommandSender = Pick<EventOf<"CommandReceived">, "comment_id" | "where" | "sender" | "role">;

/**
 * Refuses a command the sender's role does not allow: 👎 and a reply naming the role needed. No access
 * (`role: null`) satisfies nothing, not even `read` (DESIGN §2). True when it refused.
 */
export function deniedCommand(s: Step, by: CommandSender, name: Command["name"]): boolean {
  const minimum = s.r.config.commands[name].permission;
  if (hasRole(by.role, minimum)) return false;
  const have = by.role === null ? "no access to this repository" : `\`${by.role}\``;
  react(s, by.comment_id, "-1");
  reply(s, by.comment_id, by.where, `@${by.sender} \`/${name}\` needs the \`${minimum}\` role; you have ${have}.`);
  return true;
}

/**
 * A command (DESIGN §2), once per comment id. The sender's role is checked against the configured
 * minimum: 👎 with the role needed when denied, 😕 with the reason when it cannot apply, 👀 when done.
 */
export function onCommandReceived(s: Step, event: EventOf<"CommandReceived">): void {
  if (!firstTime(s, event.comment_id)) return;
  if (deniedCommand(s, event, event.command.name)) return;
  const name = event.command.name;
  const refusal = run(s, event, event.command);
  if (refusal) {
    react(s, event.comment_id, "confused");
    reply(s, event.comment_id, event.where, `@${event.sender} \`/${name}\`: ${refusal}.`);
    return;
  }
  react(s, event.comment_id, "eyes");
}

/** A known command with bad arguments: 😕 and its usage. */
export function onCommandMalformed(s: Step, event: EventOf<"CommandMalformed">): void {
  if (!firstTime(s, event.comment_id)) return;
  react(s, event.comment_id, "confused");
  reply(s, event.comment_id, event.where, `@${event.sender} usage: ${event.usage}`);
}
