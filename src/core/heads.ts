import { type HeadFacts, LIMITS, type ModuleRecord } from "./record.js";

/** What is known about `sha`, if anything. */
export function findHead(m: ModuleRecord, sha: string): HeadFacts | undefined {
  return m.heads.find((h) => h.sha === sha);
}

/**
 * What is known about `sha`, created empty when first heard of. Facts about a SHA may arrive before the
 * result naming it (webhooks are not ordered), so they are kept per SHA; the oldest are forgotten.
 */
export function headFacts(m: ModuleRecord, sha: string, now: number): HeadFacts {
  const known = findHead(m, sha);
  if (known) return known;
  const created: HeadFacts = {
    sha,
    seen_at: now,
    result_attempt: null,
    verify: null,
    checks: null,
    updated: false,
    head_moved: false,
    blocked: 0,
    review: null,
  };
  m.heads.push(created);
  // Never forget the head the gate is decided for.
  while (m.heads.length > LIMITS.heads) {
    const index = m.heads.findIndex((h) => h.sha !== m.head_sha && h.sha !== sha);
    m.heads.splice(Math.max(index, 0), 1);
  }
  return created;
}

/** Make `sha` the head the gate is decided for; the checks timeout counts from now. */
export function setHead(m: ModuleRecord, sha: string, now: number): HeadFacts {
  m.head_sha = sha;
  const facts = headFacts(m, sha, now);
  // A head first heard of by an early check event starts its clock when it becomes the gate's head.
  facts.seen_at = Math.max(facts.seen_at, now);
  return facts;
}
