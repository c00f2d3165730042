import { RETRY_NOTE_MAX_BYTES } from "../commands/command.js";
import { ABORT_REASON_MAX_BYTES, ONE_COMMAND_PER_COMMENT } from "../commands/parse.js";
import { COMMAND_NAMES, COMMANDS, describePlaces } from "../commands/table.js";
import { code, generatedNotice, table } from "./markdown.js";

const INTRO = `# Commands reference

Maintainers steer a task with commands in comments on the task issue or on the task's pull requests (module
PRs, the final PR, a restore PR). "Module PR" below is the draft PR of one module
(\`conductor/<issue>/p<phase>-<module>\`); "anywhere in a task" is the task issue or any of its PRs.`;

function commandTable(): string {
  const rows = COMMAND_NAMES.flatMap((name) => {
    const spec = COMMANDS[name];
    return spec.rows.map((row) => [
      code(row.usage),
      describePlaces(row.where),
      code(spec.defaultPermission),
      row.effect,
    ]);
  });
  return table(["command", "where", "default minimum role", "effect"], rows);
}

function permissions(): string {
  const keys = COMMAND_NAMES.map((name) => `- ${code(`commands.${name}.permission`)}`).join("\n");
  return `## Who may run a command

The role comes from GitHub's collaborator-permission API (\`role_name\`: \`read\` < \`triage\` < \`write\` <
\`maintain\` < \`admin\`), never from \`author_association\`. A custom repository role counts as the base role
it extends. Starting a task with the trigger label always needs \`write\`. The minimum of each command is set
in \`.github/conductor.yml\` (see [configuration.md](configuration.md)):

${keys}`;
}

function grammar(): string {
  const stateChanging = COMMAND_NAMES.filter((name) => COMMANDS[name].stateChanging)
    .map((name) => code(`/${name}`))
    .join(", ");
  const readOnly = COMMAND_NAMES.filter((name) => !COMMANDS[name].stateChanging)
    .map((name) => code(`/${name}`))
    .join(" and ");
  return `## How a command is written

- **A line of its own.** The command starts the line (leading spaces allowed, fewer than four) and its
  arguments follow on the same line: \`/rollback phase-2\`. A \`/command\` in the middle of a sentence is not a
  command.
- **Case-insensitive name.** \`/Retry\` and \`/RETRY\` are \`/retry\`. The name ends at whitespace, so \`/retry.\`
  or \`/retry-all\` is some other word.
- **Visible prose only.** Lines in fenced code (\`\`\`\` \`\`\` \`\`\`\` or \`~~~\`), indented code (four spaces or more), block
  quotes (\`>\`) and HTML comments never count. Quoting an earlier command therefore does not run it again.
- **One state-changing command per comment.** ${readOnly} may share a comment with one of
  ${stateChanging} (the state-changing command wins); on their own the first one counts. A comment with two
  state-changing commands is refused with 😕 and nothing runs; the reply says:
  > ${ONE_COMMAND_PER_COMMENT}
- **Arguments.** The \`/retry\` note is the rest of the line and the lines below it up to a blank line or the
  next command (a code fence opened in the note runs to its close, so a pasted log stays whole), at most
  ${RETRY_NOTE_MAX_BYTES} bytes of UTF-8; it goes into the next brief. \`/rollback\` takes nothing or \`phase-N\` (\`phase N\` also
  works). The \`/abort\` reason is the rest of the line, at most ${ABORT_REASON_MAX_BYTES} bytes.
  \`/approve-plan\`, \`/status\`, \`/help\` and \`/reset\` take no arguments.
- **Unknown \`/words\` are ignored**: they belong to other bots.
- **New comments only.** Only a newly created comment counts (\`issue_comment.created\`); editing or deleting
  a comment does nothing, and each comment id is processed once.
- **Bots never command.** Comments by bot accounts, Conductor's own included, are never read as commands.`;
}

const ACKNOWLEDGEMENT = `## How Conductor answers

| reaction | meaning | reply |
| --- | --- | --- |
| 👀 | accepted and carried out | only when there is something to say: the \`/help\` table, what a rollback closed |
| 👎 | denied: the author's role is below the command's minimum | names the role needed and the author's role |
| 😕 | malformed, or it does not apply now (e.g. \`/approve-plan\` with no plan waiting) | the usage, or the reason |`;

const RESET = `## /reset: rebuilding an unreadable record

Each task's record is \`tasks/<issue>.json\` on the branch \`conductor/state\` ([architecture](architecture.md#state-lives-in-the-repository)).
When that file is not JSON, or is JSON the record schema refuses (a hand edit, a bad merge), Conductor posts **one**
comment on the task issue saying where the file is, what is wrong (the parser's message, or the JSON path of each
bad value, e.g. \`$.modules[0].state\`) and the three ways out ([troubleshooting](troubleshooting.md#the-record-is-unreadable)).
Until then every event of the task is ignored (logged once per broken version), and only these commands answer:

| command | while the record is unreadable |
| --- | --- |
| \`/status\` | 👀 and a reply: the record is unreadable, where, and why |
| \`/help\` | 👀 and the command table |
| \`/reset\` | rebuilds the record from GitHub (below); the task goes on from it |
| \`/abort [reason]\` | rebuilds the record the same way, then aborts it: open module PRs closed, running executor runs cancelled (found by the nonce of each PR's brief), label \`conductor:aborted\`; the record left behind is readable and \`aborted\` |
| \`/retry\`, \`/rollback\`, \`/approve-plan\` | 😕: they need the record; repair it first |

Permissions are checked as always, against \`.github/conductor.yml\` as it is now (the record's copy of the
configuration is what was lost). \`/reset\` on a record that **is** readable is refused with 😕: the record is
the task's truth, and a rebuild would forget what only it knows.

**What \`/reset\` reads** (about 5 + 2 × modules requests, once): the issue (open or closed, labels, assignees);
the plan from the issue body (its spec or task file), else from the dashboard's copy; the integration branch and
where it forked from the base; the checkpoint refs \`refs/conductor/<issue>/checkpoint-<phase>\`; and for each
module of the plan the PRs whose head is its branch \`conductor/<issue>/p<phase>-<module>\` **on the repository
itself** (a fork's branch of the same name never counts), each with the brief in its body and the result comments
**posted by the app** (\`executor.accept_github_actions_results\` is honoured; anyone else's are ignored).

**How it decides** (\`src/core/rebuild-task.ts\`):

- A module whose newest open-or-merged PR is **merged** is merged. One whose PR is **open** is at work on that
  same PR: its attempts are rebuilt from the app's result comments whose nonce belongs to the PR brief's
  generation, and the attempt the brief names is the running one. If that attempt already has a result, the
  result is replayed as if it had just arrived, so \`conductor/verify\` and the CI checks decide the gate again; if
  not, its run reports by webhook when it ends, or times out like any silent run. A module whose PRs were all
  **closed** unmerged waits for \`/retry\` (the task is blocked, as when a person closes a module PR). A module
  with no PR is pending and opens when its phase comes.
- **Attempts** count from the result comments: a result that is not \`done\` is a charged attempt, a \`done\` one
  is charged when it spent tokens. All of them fall in one fresh budget window, so \`retries.max_attempts\` counts
  again from the reset. The cost is the sum of the results' \`usd\`.
- The task is **running**; **paused** when the trigger label is gone; **aborted** when the issue is closed;
  **awaiting approval** with \`plan.approval: required\` when no module had opened a PR yet (whether the plan
  was approved is only in the record).

**What it cannot rebuild**, said in every reply: attempt budget windows; infrastructure failures that left no
result comment, the circuit breaker's history and earlier escalations; unused \`/retry\` notes, failure
signatures and earlier feedback; approvals under \`gates.review: required\`; the times of checkpoints; and the
ids of events and comments already answered (a webhook from before the reset that GitHub redelivers may be
answered again).`;

/** `docs/commands.md`: the command table of `src/commands/table.ts` and the grammar of `src/commands/parse.ts`. */
export function renderCommands(): string {
  const parts = [
    generatedNotice("src/commands/table.ts"),
    INTRO,
    `## Commands\n\n${commandTable()}`,
    permissions(),
    grammar(),
    ACKNOWLEDGEMENT,
    RESET,
  ];
  return `${parts.join("\n\n")}\n`;
}
