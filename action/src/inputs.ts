import { z } from "zod";

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" || value === undefined ? undefined : value), schema.optional());
const positiveInt = z.coerce.number().int().positive();

/** The action's inputs (action.yml), as the runner passes them: `INPUT_<NAME>` variables. */
export const Inputs = z.object({
  "anthropic-api-key": z.string().min(1, "is required"),
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
  /** The job's limit; the agent stops early enough to test, commit and push inside it. */
  "timeout-minutes": optional(z.coerce.number().positive()),
  /** The repository checkout, relative to GITHUB_WORKSPACE. */
  "working-directory": z.preprocess((v) => (v === "" || v === undefined ? "." : v), z.string()),
});
export type Inputs = z.infer<typeof Inputs>;

/** The parts of the runner's environment the executor needs. */
export const RunnerEnv = z.object({
  GITHUB_REPOSITORY: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name"),
  GITHUB_SERVER_URL: z.url().default("https://github.com"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  GITHUB_RUN_ID: z.string().optional(),
  ANTHROPIC_BASE_URL: optional(z.url()),
});
export type RunnerEnv = z.infer<typeof RunnerEnv>;

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
  if (inputs.success && runner.success) return { ok: true, inputs: inputs.data, runner: runner.data };
  const problems = [
    ...(inputs.error?.issues ?? []).map((i) => `input "${i.path.join(".")}" ${describe(i)}`),
    ...(runner.error?.issues ?? []).map((i) => `environment variable ${i.path.join(".")} ${describe(i)}`),
  ];
  return { ok: false, problems };
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
}
