/** An attempt the scripted world makes go wrong (`conductor simulate --fail MODULE@ATTEMPT`). */
export interface ScriptedFailure {
  /** The module's name or slug. */
  module: string;
  attempt: number;
  /** `tests` (default): the code is written but its tests fail. `crash`: the run ends with no result. */
  kind?: "tests" | "crash";
}

/** Parses `MODULE@ATTEMPT` (e.g. `money@1`); throws a readable error otherwise. */
export function parseFailure(text: string): ScriptedFailure {
  const match = /^(.+)@(\d+)(?::(tests|crash))?$/.exec(text.trim());
  if (!match?.[1] || !match[2]) throw new Error(`--fail wants MODULE@ATTEMPT (e.g. money@1), not "${text}"`);
  const failure: ScriptedFailure = { module: match[1], attempt: Number(match[2]) };
  if (match[3] === "tests" || match[3] === "crash") failure.kind = match[3];
  return failure;
}

/** The scripted failure for this module (name or slug) and attempt, if any. */
export function failureFor(
  failures: readonly ScriptedFailure[],
  module: { name: string; slug: string },
  attempt: number,
): ScriptedFailure | undefined {
  return failures.find((f) => (f.module === module.name || f.module === module.slug) && f.attempt === attempt);
}
