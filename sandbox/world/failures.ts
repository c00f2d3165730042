import { FAILURE_KINDS, type FailureKind } from "./scripted-bug.js";

/** An attempt the scripted world makes go wrong (`conductor simulate --fail MODULE@ATTEMPT[:KIND]`). */
export interface ScriptedFailure {
  /** The module's name or slug. */
  module: string;
  attempt: number;
  /** What goes wrong (default `tests`); see `FAILURE_KIND_HELP` and docs/simulate.md#failure-kinds. */
  kind?: FailureKind;
}

const isKind = (text: string): text is FailureKind => (FAILURE_KINDS as readonly string[]).includes(text);

/** Parses `MODULE@ATTEMPT[:KIND]` (e.g. `money@1`, `docs@2:missing`); throws a readable error otherwise. */
export function parseFailure(text: string): ScriptedFailure {
  const match = /^(.+)@(\d+)(?::([a-z-]+))?$/.exec(text.trim());
  if (!match?.[1] || !match[2]) {
    throw new Error(`--fail wants MODULE@ATTEMPT[:KIND] (e.g. money@1 or money@1:crash), not "${text}"`);
  }
  const failure: ScriptedFailure = { module: match[1], attempt: Number(match[2]) };
  const kind = match[3];
  if (kind !== undefined) {
    if (!isKind(kind)) throw new Error(`--fail ${text}: the kind is one of ${FAILURE_KINDS.join(", ")}, not "${kind}"`);
    failure.kind = kind;
  }
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
