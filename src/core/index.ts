/**
 * The pure orchestration core (DESIGN §7): `transition(record, event, ctx) → { record, effects }`.
 * The adapter maps webhooks and effect outcomes to `Event`s, saves the returned record with its outbox,
 * performs each effect and calls `markEffectDone`.
 */

export type { Ctx, Transition } from "./ctx.js";
export { Effect, type EffectOf, type EffectType, Target } from "./effects.js";
export { escalationMentions, escalationSummary } from "./escalation-summary.js";
export { ChecksSummary, CommandWhere, Event, type EventOf, type EventType } from "./events.js";
export { evaluateGate, NO_CHECKS_REASON, requiredChecks } from "./gates.js";
export { attemptNonce, effectId, integrationBranch, moduleBranch, moduleKey } from "./ids.js";
export { STATUS_LABELS, statusLabels } from "./labels.js";
export { editMatters } from "./on-label.js";
export { knownEffect, markEffectDone, pendingEffects } from "./outbox.js";
export {
  Attempt,
  Checkpoint,
  GateEvaluation,
  HeadFacts,
  ModuleRecord,
  ModuleState,
  TaskRecord,
  TaskStatus,
} from "./record.js";
export { isTerminal, runningAttempt } from "./step.js";
export { transition } from "./transition.js";
