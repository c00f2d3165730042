import { FAILURE_KIND_HELP, FAILURE_KINDS } from "../world/scripted-bug.js";

export const SIMULATE_USAGE =
  "conductor simulate SPEC.md [--repo DIR] [--base BRANCH] [--solutions DIR] [--fail MODULE@ATTEMPT[:KIND] …] [--seed N] [--engine ENGINE] [--no-ci] [--json]";

/** `conductor simulate --help`: every option, the `--solutions` layout and the failure kinds (docs/simulate.md). */
export function simulateHelp(): string {
  return [
    `usage: ${SIMULATE_USAGE}`,
    "",
    "Runs SPEC.md (a title line, then the issue body with its ## Implementation Phases) as a task on a",
    "local sandbox: the real app, the real executor with a scripted model, CI running each module's test",
    "command. No credentials, no network. Exits 0 when the task ends done, 1 otherwise.",
    "",
    "options:",
    "  --repo DIR        the repository to work on (default examples/sample-repo). A git checkout gives the",
    "                    committed tree of its HEAD (ignored-but-tracked files kept, uncommitted work left",
    "                    out); any other folder its files on disk minus what its .gitignore ignores.",
    "  --base BRANCH     the default branch (the task's base). Default: the one origin/HEAD names, else the",
    "                    branch checked out, else main.",
    "  --solutions DIR   what the scripted model writes per module: DIR/<module slug>/<path in the repo>,",
    "                    any bytes (text through write_file, binary files such as a PNG through a command).",
    "                    A module with no folder gets one generated file, src/<slug>.js.",
    "                    Default examples/sample-solutions.",
    "  --fail MODULE@ATTEMPT[:KIND]",
    "                    make that attempt of that module (name or slug) go wrong; repeatable. KIND:",
    ...FAILURE_KINDS.map((kind) => `                      ${kind.padEnd(11)} ${FAILURE_KIND_HELP[kind]}`),
    "  --seed N          the order in which queued executor and CI jobs run (default 1).",
    "  --engine ENGINE   executor.engine of the simulated configuration: builtin (default), claude-code or",
    "                    codex, which run the real Claude Code or `codex exec` (installed at its pinned version,",
    "                    as on a runner, into CONDUCTOR_ENGINES_DIR or ~/.cache/conductor-engines) against the",
    "                    scripted model (Messages API for Claude Code, Responses API for Codex; codex also",
    "                    sets executor.model: gpt-5-codex unless the repository's configuration names one).",
    "  --no-ci           no CI app: models a repository whose CI never reports on module PRs.",
    "  --json            print { status, phases, escalations, api_calls } instead of the timeline and dashboard.",
  ].join("\n");
}
