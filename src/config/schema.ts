import { z } from "zod";
import { AgentRoleName } from "../protocol/agent-role.js";
import { Engine, Provider, Thinking } from "../protocol/brief.js";
import { DEFAULT_PROTECTED_PATHS } from "./protected-paths.js";

/** Who may run a command, in the words of the collaborator-permission API's `role_name`. */
export const Role = z.enum(["read", "triage", "write", "maintain", "admin"]);
export type Role = z.infer<typeof Role>;

const commandPermission = (role: Role) =>
  z
    .object({ permission: Role.default(role).describe("Least role that may run the command.") })
    .strict()
    .prefault({});

/**
 * `.github/conductor.yml` in the target repository (DESIGN §4). Every default here is the documented
 * default; `docs/` and `conductor.schema.json` are generated from this schema.
 */
export const Config = z
  .object({
    trigger: z
      .object({ label: z.string().min(1).default("orchestrate").describe("The label that starts a task.") })
      .strict()
      .prefault({}),
    triggers: z
      .object({
        task_files: z
          .boolean()
          .default(false)
          .describe(
            "A push to the default branch that adds `orchestrator/outgoing/NNN_*.json` opens a task issue for that task file (docs/spec-format.md#task-files).",
          ),
        ci_failure: z
          .object({
            workflows: z
              .array(z.string().min(1))
              .default([])
              .describe(
                "Workflows to watch, by name (`CI`) or file (`ci.yml`); none (the default) turns the red-CI fix loop off (docs/red-ci-loop.md).",
              ),
            branches: z
              .array(z.string().min(1))
              .min(1)
              .default(["default"])
              .describe("Branches to watch; `default` is the repository's default branch."),
          })
          .strict()
          .prefault({})
          .describe(
            "The red-CI fix loop: a failed run of a watched workflow on a watched branch opens (or comments on) one task issue per workflow; a green run closes it if the task had not started (docs/red-ci-loop.md).",
          ),
      })
      .strict()
      .prefault({}),
    base_branch: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Branch the integration branch starts from and the final PR targets. Default: the repository's default branch.",
      ),
    integration: z
      .boolean()
      .default(true)
      .describe(
        "Use Conductor's own integration branch. When false, module PRs target the base branch and rollback opens a restore PR.",
      ),
    plan: z
      .object({
        approval: z
          .enum(["auto", "required"])
          .default("auto")
          .describe(
            "`required`: nothing runs until a maintainer comments `/approve-plan`; meanwhile the dashboard shows what the plan should cost (docs/estimates.md).",
          ),
        model: z
          .string()
          .min(1)
          .default("claude-sonnet-4-6")
          .describe("Model that writes a plan when the issue has none."),
        task_file_modules: z
          .enum(["component", "file"])
          .default("component")
          .describe(
            "How a task file's fixes become modules: one per `component`, or one per fixed `file` (docs/spec-format.md#task-files).",
          ),
      })
      .strict()
      .prefault({}),
    executor: z
      .object({
        workflow: z
          .string()
          .min(1)
          .default("conductor-executor.yml")
          .describe("Workflow file dispatched for each attempt."),
        engine: Engine.default("builtin").describe(
          "Agent that does the module's work: `builtin` (the executor's own loop), `claude-code` (Claude Code through the Agent SDK) or `codex` (`codex exec`). The harness, commit and result are the same for each; see docs/executor.md.",
        ),
        provider: z
          .object({
            base_url: Provider.shape.base_url.describe(
              "Base URL of an OpenAI-compatible Responses API for the `codex` engine (e.g. `https://llm.example.com/v1`); default OpenAI's.",
            ),
            api_key_secret: Provider.shape.api_key_secret
              .default("OPENAI_API_KEY")
              .describe(
                "Name of the repository secret with the `codex` engine's API key; the executor workflow passes it in an environment variable of that name.",
              ),
          })
          .strict()
          .prefault({}),
        model: z.string().min(1).default("claude-sonnet-4-6").describe("Model the executor runs."),
        thinking: Thinking.default("off").describe(
          "Extended thinking for the built-in engine: `off`, `adaptive` (the model decides), or a thinking budget in tokens (1024–48000).",
        ),
        max_turns: z.number().int().positive().default(60).describe("Agent turns per attempt."),
        timeout_minutes: z.number().positive().default(30).describe("Wall clock per attempt."),
        sandbox: z
          .enum(["on", "off"])
          .default("on")
          .describe(
            "`on`: the model's commands and the harness's run as another user in their own PID and mount namespaces, where no key or token can be reached (docs/security.md); the executor refuses to run commands when it cannot build that sandbox. `off` runs them as the executor itself, UNSAFE: a command can read the Anthropic key and the job's tokens.",
          ),
        network: z
          .enum(["open", "none"])
          .default("open")
          .describe(
            "`none`: commands (the model's and the harness's) run in a network namespace with no interfaces, so nothing a command learns can be sent out; the model still reaches the API through the executor. The test command must then work offline.",
          ),
        accept_github_actions_results: z
          .boolean()
          .default(false)
          .describe(
            "Also accept result comments by `github-actions[bot]` (an executor that comments with GITHUB_TOKEN). Off by default: any workflow in the repository can post as that bot, so anyone who can push a workflow could forge a result.",
          ),
      })
      .strict()
      .prefault({}),
    roles: z
      .record(
        AgentRoleName,
        z
          .object({
            model: z.string().min(1).optional().describe("Model for this role's modules; default `executor.model`."),
            max_turns: z
              .number()
              .int()
              .positive()
              .optional()
              .describe("Agent turns per attempt for this role; default `executor.max_turns`."),
          })
          .strict(),
      )
      .default({})
      .describe(
        "Per specialist role (`backend`, `frontend`, `tests`, `security`, `docs` or your own): `model` and `max_turns` for modules with that `Role:`. A role's text is built in or `.github/conductor/roles/<role>.md` (docs/spec-format.md#roles).",
      ),
    limits: z
      .object({
        max_modules: z.number().int().positive().default(20).describe("Most modules a plan may have."),
        max_parallel: z.number().int().positive().default(3).describe("Most modules running at once."),
        overlap: z
          .enum(["sequential", "parallel"])
          .default("sequential")
          .describe(
            "Modules of one phase whose `Paths` overlap (or that both leave `Paths` out): `sequential` runs them one after the other in plan order, so the second starts from the first's merge; `parallel` runs them side by side and resolves conflicts at merge time.",
          ),
        attempt_usd: z.number().positive().default(5).describe("Model spend allowed per attempt, in USD."),
        task_usd: z
          .number()
          .positive()
          .default(50)
          .describe("Model spend allowed per task, in USD; reaching it escalates."),
      })
      .strict()
      .prefault({}),
    retries: z
      .object({
        max_attempts: z.number().int().positive().default(3).describe("Charged attempts per module before escalating."),
        backoff_minutes: z
          .array(z.number().nonnegative())
          .min(1)
          .default([1, 5, 15])
          .describe("Waits before re-dispatching after an infrastructure failure; the last repeats."),
        same_failure_limit: z
          .number()
          .int()
          .positive()
          .default(2)
          .describe("Escalate when the same failure signature repeats this many times in a row."),
      })
      .strict()
      .prefault({}),
    circuit_breaker: z
      .object({
        failures: z.number().int().positive().default(5).describe("Failures within the window that stop the task."),
        window_minutes: z.number().positive().default(60).describe("The breaker's window."),
      })
      .strict()
      .prefault({}),
    gates: z
      .object({
        checks: z
          .union([z.literal("all"), z.array(z.string().min(1)).min(1)], {
            error: 'expected "all" or a list of check names',
          })
          .default("all")
          .describe("Required checks by name, or `all` (every check but the executor's own run and conductor/verify)."),
        checks_timeout_minutes: z
          .number()
          .positive()
          .default(30)
          .describe("How long to wait for checks to appear and finish."),
        allow_no_checks: z
          .boolean()
          .default(false)
          .describe("Treat a head with no CI at all as green after the timeout."),
        review: z
          .enum(["none", "required"])
          .default("none")
          .describe(
            "`required`: wait, before merging, for an approving review of the head SHA by someone with write access or more.",
          ),
        reverify: z
          .enum(["off", "required"])
          .default("off")
          .describe(
            "`required`: conductor/verify waits for the executor workflow's verify job, which re-runs the result's test command, verification commands and hallucination checks on a fresh checkout of the pushed SHA, and fails when an exit code differs from the result's claim, or when no re-verification arrives within `checks_timeout_minutes`.",
          ),
        ai_review: z
          .enum(["required", "advisory", "off"])
          .default("off")
          .describe(
            "An AI reviewer (docs/ai-review.md): once a head is green, a read-only review attempt posts a PR review and the check `conductor/review`. `required`: the merge waits for its approval and a request for changes sends the module back; `advisory`: the review is posted before the merge but never stops it.",
          ),
      })
      .strict()
      .prefault({}),
    merge: z
      .object({
        method: z
          .enum(["squash", "merge", "rebase"])
          .default("squash")
          .describe("How module PRs merge into the integration branch."),
      })
      .strict()
      .prefault({}),
    paths: z
      .object({
        protected: z
          .array(z.string().min(1))
          .default(() => [...DEFAULT_PROTECTED_PATHS])
          .describe("Globs no executor may change; a change to one escalates at once."),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({
        retry: commandPermission("write"),
        rollback: commandPermission("maintain"),
        "approve-plan": commandPermission("write"),
        abort: commandPermission("write"),
        status: commandPermission("read"),
        help: commandPermission("read"),
        reset: commandPermission("write"),
      })
      .strict()
      .prefault({}),
    tracking: z
      .object({
        sub_issues: z
          .boolean()
          .default(false)
          .describe(
            "Each module gets a sub-issue of the task issue (GitHub's sub-issues API), titled like its PR, linked from it, closed when it merges and reopened on rollback; its assignees are mentioned on that module's escalations. Where GitHub has no sub-issues API or the app may not use it (404, 403, 410), the dashboard warns once and the task goes on without them (docs/task-graph.md#sub-issues).",
          ),
      })
      .strict()
      .prefault({}),
    escalation: z
      .object({
        mention: z
          .array(
            z.string().regex(/^@?[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9_.-]+)?$/, {
              error: "expected a GitHub user or team, such as @octocat or @org/team",
            }),
          )
          .default([])
          .describe("Users or teams (`@org/team`) to mention when a task is blocked."),
        webhook_url: z
          .url({ protocol: /^https$/ })
          .optional()
          .describe(
            "Slack-compatible incoming webhook that receives the escalation summary. Must be an `https://` URL: the summary names the repository and its failures, so it never travels in clear text.",
          ),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;
