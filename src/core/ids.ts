import type { TaskRecord } from "./record.js";

/**
 * Deterministic effect ids (DESIGN §7): the same decision always gets the same id, so the outbox
 * performs it once and a decision repeated by a duplicate event is dropped. Each id starts with the
 * task generation, so a task restarted after `/abort` or a changed plan never collides with its past.
 */
export function effectId(record: Pick<TaskRecord, "generation"> | null, ...parts: (string | number)[]): string {
  return [`g${record?.generation ?? 0}`, ...parts].join(":");
}

/** `conductor/<issue>/integration` (DESIGN §1.3). */
export function integrationBranch(issue: number): string {
  return `conductor/${issue}/integration`;
}

/** The module key `p<phase>-<slug>`: unique in a task, the suffix of the module branch. */
export function moduleKey(phase: number, slug: string): string {
  return `p${phase}-${slug}`;
}

/** `conductor/<issue>/p<phase>-<slug>` (DESIGN §1.4). */
export function moduleBranch(issue: number, key: string): string {
  return `conductor/${issue}/${key}`;
}

/** FNV-1a, 32 bits, base 36: a short stable tag; not a secret and not collision-proof, only compact. */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * The nonce of an attempt, derived instead of drawn so the core stays a pure function: the generation's
 * seed (from the clock when it started), the issue, the module and the attempt number. It only has to
 * be unique per dispatch so the run name and the result can be matched to the attempt; authenticity
 * comes from the result comment's author, not from the nonce being secret. Long module keys are cut
 * and tagged with a hash so the nonce stays within the brief's 64 characters.
 */
export function attemptNonce(record: Pick<TaskRecord, "seed" | "issue">, key: string, attempt: number): string {
  const shortKey = key.length > 28 ? `${key.slice(0, 20)}-${shortHash(key)}` : key;
  return `${record.seed}-${record.issue}-${shortKey}-a${attempt}`;
}

/** `[conductor #<issue>] Phase <n>: <module>`: the module PR's title (DESIGN §1.4), and its sub-issue's. */
export function moduleTitle(issue: number, phase: number, name: string): string {
  return `[conductor #${issue}] Phase ${phase}: ${name}`;
}
