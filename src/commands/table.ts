import type { Config, Role } from "../config/schema.js";
import type { CommandName } from "./command.js";
import { RETRY_NOTE_MAX_BYTES } from "./command.js";

/** Where a command may be written: the task issue, a module PR, or any PR of the task (module, final, restore). */
export type Place = "task-issue" | "module-pr" | "task-pr";

/** One row of the command table: a form of the command, where it is written and what it does there. */
export interface CommandRow {
  /** The form shown to users, e.g. `/rollback [phase-N]`. */
  readonly usage: string;
  readonly where: readonly Place[];
  readonly effect: string;
}

/** Everything Conductor says about one command; docs and the `/help` reply are generated from this. */
export interface CommandSpec {
  readonly name: CommandName;
  /** The general usage line, quoted in the 😕 reply to a malformed command. */
  readonly usage: string;
  /** Only one state-changing command is taken per comment (DESIGN §2). */
  readonly stateChanging: boolean;
  /** Must equal the default of `commands.<name>.permission` in the config schema (a test holds them together). */
  readonly defaultPermission: Role;
  readonly rows: readonly CommandRow[];
}

/** The command table of DESIGN §2, as data. Order is the order of the `/help` reply. */
export const COMMANDS: { readonly [N in CommandName]: CommandSpec & { readonly name: N } } = {
  retry: {
    name: "retry",
    usage: "/retry [note]",
    stateChanging: true,
    defaultPermission: "write",
    rows: [
      {
        usage: "/retry [note]",
        where: ["module-pr"],
        effect: `New attempt for that module; the note (at most ${RETRY_NOTE_MAX_BYTES} bytes) goes into its brief.`,
      },
      {
        usage: "/retry [note]",
        where: ["task-issue"],
        effect: "Resume a blocked or rolled-back task from its first unfinished module(s).",
      },
    ],
  },
  rollback: {
    name: "rollback",
    usage: "/rollback [phase-N]",
    stateChanging: true,
    defaultPermission: "maintain",
    rows: [
      {
        usage: "/rollback",
        where: ["module-pr"],
        effect: "Reset the open module PR's branch to its phase base; the module waits for `/retry`.",
      },
      {
        usage: "/rollback [phase-N]",
        where: ["task-issue", "task-pr"],
        effect:
          "Reset the integration branch to the checkpoint before phase N (default: the last checkpoint), close the later module PRs with a reason; the task waits for `/retry`.",
      },
    ],
  },
  "approve-plan": {
    name: "approve-plan",
    usage: "/approve-plan",
    stateChanging: true,
    defaultPermission: "write",
    rows: [{ usage: "/approve-plan", where: ["task-issue"], effect: "Start a plan that waits for approval." }],
  },
  abort: {
    name: "abort",
    usage: "/abort [reason]",
    stateChanging: true,
    defaultPermission: "write",
    rows: [
      {
        usage: "/abort [reason]",
        where: ["task-issue", "task-pr"],
        effect: "Cancel running executor runs, close open module PRs, label `conductor:aborted`.",
      },
    ],
  },
  status: {
    name: "status",
    usage: "/status",
    stateChanging: false,
    defaultPermission: "read",
    rows: [{ usage: "/status", where: ["task-issue", "task-pr"], effect: "Refresh the dashboard now and link it." }],
  },
  help: {
    name: "help",
    usage: "/help",
    stateChanging: false,
    defaultPermission: "read",
    rows: [{ usage: "/help", where: ["task-issue", "task-pr"], effect: "Reply with this table." }],
  },
  // Last in the table: it is for repairs, not for steering (docs/troubleshooting.md#the-record-is-unreadable).
  reset: {
    name: "reset",
    usage: "/reset",
    stateChanging: true,
    defaultPermission: "write",
    rows: [
      {
        usage: "/reset",
        where: ["task-issue", "task-pr"],
        effect:
          "Only when the task's record is unreadable: rebuild it from GitHub (the plan, module branches and PRs, the app's result comments, checkpoints) and continue; the reply says what could not be rebuilt.",
      },
    ],
  },
};

/** The commands in table order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

const placeLabels: Record<Place, string> = {
  "task-issue": "task issue",
  "module-pr": "module PR",
  "task-pr": "any task PR",
};

/** "task issue or any task PR"; both together read as "anywhere in a task", as DESIGN §2 says. */
export function describePlaces(places: readonly Place[]): string {
  if (places.includes("task-issue") && places.includes("task-pr")) return "anywhere in a task";
  return places.map((place) => placeLabels[place]).join(" or ");
}

/** `admin` is the top role, so "or higher" would read oddly there. */
function describeRole(role: Role): string {
  return role === "admin" ? "`admin`" : `\`${role}\` or higher`;
}

/**
 * The Markdown reply to `/help`: the command table with the permissions this repository configured (not the
 * defaults), then the grammar in two sentences, so the reply alone teaches how to write a command.
 */
export function renderHelp(config: Pick<Config, "commands">): string {
  const lines = ["| command | where | who may run it | effect |", "|---|---|---|---|"];
  for (const name of COMMAND_NAMES) {
    const spec = COMMANDS[name];
    const permission = describeRole(config.commands[name].permission);
    for (const row of spec.rows) {
      lines.push(`| \`${row.usage}\` | ${describePlaces(row.where)} | ${permission} | ${row.effect} |`);
    }
  }
  const stateChanging = COMMAND_NAMES.filter((name) => COMMANDS[name].stateChanging)
    .map((name) => `\`/${name}\``)
    .join(", ");
  lines.push(
    "",
    "A command is a line of its own, outside quotes and code blocks. One state-changing command " +
      `(${stateChanging}) per comment. The \`/retry\` note is the rest of the line and the lines below it ` +
      `up to a blank line, at most ${RETRY_NOTE_MAX_BYTES} bytes.`,
  );
  return lines.join("\n");
}
