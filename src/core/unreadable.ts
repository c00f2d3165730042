import { z } from "zod";
import { renderHelp } from "../commands/table.js";
import { hasRole } from "../config/roles.js";
import type { Ctx } from "./ctx.js";
import type { Effect, Target } from "./effects.js";
import type { CommandWhere, Event, EventOf } from "./events.js";
import { effectId } from "./ids.js";

/**
 * A task whose record file cannot be read (not JSON, or refused by the `TaskRecord` schema): where the file
 * is, its blob SHA (the version a repair overwrites with compare-and-swap) and what is wrong, each problem
 * naming its place (a JSON path, or the parser's position).
 */
export const Unreadable = z.object({
  issue: z.number().int().positive(),
  branch: z.string().min(1),
  path: z.string().min(1),
  version: z.string().min(1),
  problems: z.array(z.string()).min(1),
});
export type Unreadable = z.infer<typeof Unreadable>;

/** What the core decides for the events of a task whose record is unreadable. */
export interface UnreadableDecision {
  /**
   * The one notice on the task issue (docs/troubleshooting.md#the-record-is-unreadable). The adapter keeps a
   * single such comment per task, found by its marker, and writes it only when the broken version changes.
   */
  notice: string;
  /** Answers to commands: reactions and replies, each with an id of its own so a redelivery repeats none. */
  effects: Effect[];
  /**
   * A permitted `/reset` or `/abort`: both need a record, so the adapter rebuilds one from GitHub
   * (src/core/rebuild-task.ts) and applies the command to it. At most one per reconcile: the first.
   */
  rebuild: EventOf<"CommandReceived"> | null;
}

const targetOf = (where: CommandWhere): Target =>
  where.kind === "issue" ? { kind: "issue" } : { kind: "pull", pr: where.pr };

/** `tasks/7.json` on `conductor/state` (blob abc1234). */
const place = (u: Unreadable): string =>
  `\`${u.path}\` on the branch \`${u.branch}\` (blob \`${u.version.slice(0, 7)}\`)`;

/** The notice comment's text (without the adapter's marker). */
export function unreadableNotice(u: Unreadable): string {
  return [
    "### ⚠️ Conductor cannot read this task's record",
    "",
    `The task's record is ${place(u)}, and it is unreadable:`,
    "",
    ...u.problems.map((p) => `- ${p}`),
    "",
    "Until it is repaired Conductor does nothing else for this task: it answers only `/status`, `/abort` and `/reset` (and `/help`). Repair it in one of three ways:",
    "",
    `- **Fix the file**: \`git fetch origin ${u.branch} && git show FETCH_HEAD:${u.path}\`, correct it, commit it to \`${u.branch}\` and push; the next event or sweep (within minutes) reads it again.`,
    "- **`/reset`**: Conductor rebuilds the record from GitHub (the plan, the module branches and pull requests, its own result comments, the checkpoints) and the task continues; the reply says what could not be rebuilt.",
    "- **`/abort`**: Conductor closes the task's open module pull requests, cancels running executor runs, labels the issue `conductor:aborted` and writes a readable, aborted record.",
    "",
    'See docs/troubleshooting.md, "The record is unreadable".',
  ].join("\n");
}

/**
 * Decides what a task with an unreadable record does with its events (DESIGN §2 commands; the record is the
 * task's memory, so without it nothing is decided that needs it): a command from someone below its minimum
 * role is refused as always; `/status` answers that the record is unreadable; `/help` replies with the
 * table; `/reset` and `/abort` are handed back to be applied to a record rebuilt from GitHub; `/retry`,
 * `/rollback` and `/approve-plan` are refused with the way out. Every other event does nothing. The
 * permissions are those of `ctx.config` (the file just read; the record's snapshot is what is lost).
 */
export function decideUnreadable(u: Unreadable, events: readonly Event[], ctx: Ctx): UnreadableDecision {
  const effects: Effect[] = [];
  let rebuild: EventOf<"CommandReceived"> | null = null;
  const id = (...parts: (string | number)[]) => effectId(null, "unreadable", u.version.slice(0, 12), ...parts);
  const react = (commentId: number, content: "eyes" | "-1" | "confused") =>
    effects.push({
      type: "React",
      id: id("react", commentId),
      target: { kind: "comment", comment_id: commentId },
      content,
    });
  const reply = (commentId: number, where: CommandWhere, body: string) =>
    effects.push({ type: "Comment", id: id("reply", commentId), target: targetOf(where), body });

  for (const event of events) {
    if (event.type === "CommandMalformed") {
      react(event.comment_id, "confused");
      reply(event.comment_id, event.where, `@${event.sender} usage: ${event.usage}`);
      continue;
    }
    if (event.type !== "CommandReceived") continue;
    const { command, sender, where } = event;
    const minimum = ctx.config.commands[command.name].permission;
    if (!hasRole(event.role, minimum)) {
      const have = event.role === null ? "no access to this repository" : `\`${event.role}\``;
      react(event.comment_id, "-1");
      reply(
        event.comment_id,
        where,
        `@${sender} \`/${command.name}\` needs the \`${minimum}\` role; you have ${have}.`,
      );
      continue;
    }
    switch (command.name) {
      case "status":
        react(event.comment_id, "eyes");
        reply(
          event.comment_id,
          where,
          [
            `@${sender} this task's record is unreadable, so there is no state to show: ${place(u)}.`,
            "",
            ...u.problems.map((p) => `- ${p}`),
            "",
            "Fix the file, or comment `/reset` to rebuild the record from GitHub, or `/abort` to stop the task.",
          ].join("\n"),
        );
        continue;
      case "help":
        react(event.comment_id, "eyes");
        reply(event.comment_id, where, renderHelp(ctx.config));
        continue;
      case "reset":
      case "abort":
        if (rebuild === null) rebuild = event;
        continue;
      case "retry":
      case "rollback":
      case "approve-plan":
        react(event.comment_id, "confused");
        reply(
          event.comment_id,
          where,
          `@${sender} \`/${command.name}\`: the task's record is unreadable (${place(u)}); repair it with \`/reset\` or by fixing the file, or stop the task with \`/abort\`.`,
        );
        continue;
      default: {
        const _exhaustive: never = command;
        return _exhaustive;
      }
    }
  }
  return { notice: unreadableNotice(u), effects, rebuild };
}
