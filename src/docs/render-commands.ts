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
  \`/approve-plan\`, \`/status\` and \`/help\` take no arguments.
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

/** `docs/commands.md`: the command table of `src/commands/table.ts` and the grammar of `src/commands/parse.ts`. */
export function renderCommands(): string {
  const parts = [
    generatedNotice("src/commands/table.ts"),
    INTRO,
    `## Commands\n\n${commandTable()}`,
    permissions(),
    grammar(),
    ACKNOWLEDGEMENT,
  ];
  return `${parts.join("\n\n")}\n`;
}
