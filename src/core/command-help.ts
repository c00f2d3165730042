import type { Config } from "../config/schema.js";

/** The command table of DESIGN §2, with the permissions this repository configured. */
export function helpText(config: Config): string {
  const p = config.commands;
  const rows: [string, string, string, string][] = [
    ["`/retry [note]`", "module PR", p.retry.permission, "new attempt for that module; the note goes into the brief"],
    [
      "`/retry [note]`",
      "task issue",
      p.retry.permission,
      "resume a blocked or rolled-back task from its unfinished modules",
    ],
    [
      "`/rollback`",
      "open module PR",
      p.rollback.permission,
      "reset the module branch to its phase base; waits for `/retry`",
    ],
    [
      "`/rollback [phase-N]`",
      "task issue or PR",
      p.rollback.permission,
      "reset the integration branch to the checkpoint before phase N (default: the last), close later module PRs; waits for `/retry`",
    ],
    ["`/approve-plan`", "task issue", p["approve-plan"].permission, "start a plan that waits for approval"],
    ["`/abort [reason]`", "task issue or PR", p.abort.permission, "cancel running executors, close open module PRs"],
    ["`/status`", "anywhere in a task", p.status.permission, "refresh the dashboard now and link it"],
    ["`/help`", "anywhere in a task", p.help.permission, "this table"],
  ];
  return [
    "| command | where | minimum permission | effect |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}
