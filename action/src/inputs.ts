import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" || value === undefined ? undefined : value), schema.optional());
const positiveInt = z.coerce.number().int().positive();
const orDefault = (fallback: string) => z.preprocess((v) => (v === "" || v === undefined ? fallback : v), z.string());

/**
 * Which job this step is (DESIGN §8): `work` runs the model with no write credential, `publish` pushes,
 * `verify` re-runs the result's commands on a fresh checkout of the pushed SHA with no write credential,
 * and `verify-report` posts what `verify` saw with the App's token (docs/executor.md#the-verify-job).
 */
export const Mode = z.enum(["work", "publish", "verify", "verify-report"]);
export type Mode = z.infer<typeof Mode>;

/** The action's inputs (action.yml), as the runner passes them: `INPUT_<NAME>` variables. */
export const Inputs = z.object({
  mode: Mode,
  /**
   * Work only: the Anthropic API key, required by the builtin and claude-code engines (checked once the
   * brief names the engine, work/run-work.ts); the codex engine takes its provider's key instead. The
   * publish job never holds it.
   */
  "anthropic-api-key": optional(z.string().min(1)),
  /** Work: the job's read-only `GITHUB_TOKEN` (reads the PR). Publish: the App's installation token. */
  "github-token": z.string().min(1, "is required"),
  /** The task's issue number. */
  task: positiveInt,
  /** The module PR that holds the brief. */
  pr: positiveInt,
  attempt: positiveInt,
  /** Must equal the brief's nonce, so a stale or replayed dispatch does no work. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, "must be 6–64 letters, digits, - or _"),
  /** Overrides the brief's model when set. */
  model: optional(z.string().min(1)),
  /** Lowers the brief's turn budget when set. */
  "max-turns": optional(positiveInt),
  /** The job's limit; the agent stops early enough to test, commit and upload inside it. */
  "timeout-minutes": optional(z.coerce.number().positive()),
  /** The repository checkout, relative to GITHUB_WORKSPACE. */
  "working-directory": orDefault("."),
  /** The directory the work job writes its artifact to and the publish job reads it from. */
  "artifact-path": orDefault(""),
});
export type Inputs = z.infer<typeof Inputs>;

/** The parts of the runner's environment the executor needs. */
export const RunnerEnv = z.object({
  GITHUB_REPOSITORY: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
  GITHUB_SERVER_URL: z.url().default("https://github.com"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_RUN_ID: z.string().optional(),
  RUNNER_TEMP: optional(z.string().min(1)),
  ANTHROPIC_BASE_URL: optional(z.url()),
});
export type RunnerEnv = z.infer<typeof RunnerEnv>;

/** The work job's inputs: the key is "" when none was given (the codex engine needs none). */
export type WorkInputs = Inputs & { mode: "work"; "anthropic-api-key": string };

export type ParsedInputs = { ok: true; inputs: Inputs; runner: RunnerEnv } | { ok: false; problems: string[] };

/** `core.getInput`'s naming: `INPUT_` plus the name upper-cased, spaces as underscores, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

/** Parses inputs and environment together and reports every problem at once. */
export function parseInputs(env: Readonly<Record<string, string | undefined>>): ParsedInputs {
  const raw = Object.fromEntries(Object.keys(Inputs.shape).map((name) => [name, env[inputVariable(name)]?.trim()]));
  const inputs = Inputs.safeParse(raw);
  const runner = RunnerEnv.safeParse(env);
  const problems = [
    ...(inputs.error?.issues ?? []).map((i) => `input "${i.path.join(".")}" ${describe(i)}`),
    ...(runner.error?.issues ?? []).map((i) => `environment variable ${i.path.join(".")} ${describe(i)}`),
  ];
  if (inputs.success && inputs.data.mode !== "work" && inputs.data["anthropic-api-key"]) {
    // Only the work job talks to the model; the key has no business next to the App token or next to
    // the re-verification's commands (DESIGN §8). Whether mode work needs it depends on the brief's engine.
    problems.push(`input "anthropic-api-key" must not be given in mode ${inputs.data.mode}`);
  }
  if (problems.length === 0 && inputs.success && runner.success) {
    return { ok: true, inputs: inputs.data, runner: runner.data };
  }
  return { ok: false, problems };
}

/**
 * Where the artifact lives: the input, else `$RUNNER_TEMP/conductor-work` (work, publish) or
 * `$RUNNER_TEMP/conductor-verify` (verify, verify-report).
 */
export function artifactDir(inputs: Inputs, runner: RunnerEnv, fallbackTemp: string): string {
  if (inputs["artifact-path"] !== "") return inputs["artifact-path"];
  const name = inputs.mode === "verify" || inputs.mode === "verify-report" ? "conductor-verify" : "conductor-work";
  return `${runner.RUNNER_TEMP ?? fallbackTemp}/${name}`;
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
}
