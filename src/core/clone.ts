import type { ModuleRecord, TaskRecord } from "./record.js";

function cloneModule(m: ModuleRecord): ModuleRecord {
  return {
    ...m,
    attempts: m.attempts.map((a) => ({ ...a })),
    heads: m.heads.map((h) => ({ ...h })),
    old_prs: [...m.old_prs],
  };
}

/**
 * The private copy a transition changes in place. Only what handlers change in place is copied; the
 * rest (plan, config, results, feedback, gate decisions, effects) is only ever replaced, never edited,
 * so it is shared. `structuredClone` of a whole record costs ten times as much, and the property tests
 * freeze every record they hand in, so an edit of a shared part fails loudly there.
 */
export function cloneRecord(r: TaskRecord): TaskRecord {
  return {
    ...r,
    modules: r.modules.map(cloneModule),
    checkpoints: [...r.checkpoints],
    failures: [...r.failures],
    escalation: { ...r.escalation },
    assignees: [...r.assignees],
    plan_errors: [...r.plan_errors],
    seen_events: [...r.seen_events],
    seen_comments: [...r.seen_comments],
    log: [...r.log],
    outbox: [...r.outbox],
    done_effects: [...r.done_effects],
  };
}
