import type { ModuleRecord } from "../../core/record.js";

/** Once the merge is sent, GitHub's own branch rules judge the head; nothing Conductor reads can change it. */
const MERGE_SENT = new Set(["merging", "merged", "closed"]);

/**
 * Whether the checks of `sha` can change a decision about module `m`, so that reading them is worth the
 * requests (docs/architecture.md#what-a-task-costs-on-github: an event that cannot change a task costs no
 * request).
 *
 * - The module's current head until its merge is sent: the gate is decided for it, and a later attempt
 *   may report the same head again (no change needed), so its facts must stay current.
 * - Any SHA while a result or an update-branch is awaited: the next head is not known yet and may be this
 *   one, and webhooks are not ordered (DESIGN §7), so its checks are read and kept per SHA.
 *
 * Everything else cannot matter: the executor's own run on the SHA it started from, an older head, a suite
 * that completes once the merge is under way. Should such a SHA become the head after all, the sweep reads
 * the checks of every head still waiting for them (`to-event/tick.ts`). `m` may lag behind facts a
 * reconcile holds back unwritten; those only move a module forward from the states read permissively here.
 */
export function checksMatter(m: ModuleRecord, sha: string): boolean {
  if (sha === m.head_sha) return !MERGE_SENT.has(m.state);
  return m.state === "running" || m.state === "updating";
}
