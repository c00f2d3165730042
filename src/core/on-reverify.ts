import type { Result } from "../protocol/result.js";
import type { Effect } from "./effects.js";
import type { EventOf } from "./events.js";
import { findHead } from "./heads.js";
import type { Attempt, ModuleRecord } from "./record.js";
import { eid, emit, findModule, log, type Step } from "./step.js";

type Reverify = Extract<Effect, { type: "CreateVerifyCheck" }>["reverify"];

/**
 * Whether `conductor/verify` for this result waits for the App's re-verification comment
 * (`gates.reverify: required`, docs/security.md#independent-re-verification). Only a done result is
 * re-verified: the executor workflow's verify job runs after a publish that posted `done`, and a result
 * that is not done fails the attempt by itself.
 */
export function awaitsReverify(s: Step, result: Pick<Result, "status" | "stop_reason">): boolean {
  return s.r.config.gates.reverify === "required" && result.status === "done" && result.stop_reason !== "error";
}

/**
 * `conductor/verify` for `head_sha` of `attempt`. One id per head and attempt whichever way it is
 * decided (at once, when the re-verification arrived, at the deadline): the first one is performed.
 */
export function emitVerify(s: Step, m: ModuleRecord, attempt: Attempt, head_sha: string, reverify: Reverify): void {
  if (m.pr === null) return;
  emit(s, {
    type: "CreateVerifyCheck",
    id: eid(s, "verify", m.key, head_sha, attempt.number),
    module: m.key,
    pr: m.pr,
    head_sha,
    attempt: attempt.number,
    reverify,
  });
}

/**
 * The App's re-verification of an attempt arrived. It counts only when the app's own bot posted it and
 * it names an attempt of this module by nonce; it may come before the result (webhooks are not ordered),
 * so it is remembered, and `conductor/verify` is computed once both are there.
 */
export function onReverifyPosted(s: Step, event: EventOf<"ReverifyPosted">): void {
  const m = findModule(s.r, event.module);
  if (!m) return;
  if (!event.author_is_app) {
    log(s, `${m.name}: ignored a re-verification comment not posted by the app`);
    return;
  }
  const attempt = m.attempts.find((a) => a.number === event.attempt && a.nonce === event.nonce);
  if (!attempt || attempt.reverify_comment_id !== null) return;
  attempt.reverify_comment_id = event.comment_id;
  const result = attempt.result;
  if (result === null || !awaitsReverify(s, result)) return;
  if (findHead(m, result.head_sha)?.verify) return;
  log(s, `${m.name}: re-verification of attempt ${attempt.number} arrived`);
  emitVerify(s, m, attempt, result.head_sha, "posted");
}

/**
 * Done results still waiting for their re-verification after `gates.checks_timeout_minutes`: verify is
 * computed without it, which fails with a finding that says none came (the performer looks for the
 * comment once more first, in case only its webhook was lost).
 */
export function reverifyDeadlines(s: Step): void {
  const { r, ctx } = s;
  if (r.config.gates.reverify !== "required") return;
  const limit = r.config.gates.checks_timeout_minutes * 60_000;
  for (const m of r.modules) {
    if (m.state !== "verifying" || m.head_sha === null) continue;
    const head = findHead(m, m.head_sha);
    const attempt = m.attempts.find((a) => a.number === head?.result_attempt);
    if (!head || head.verify !== null || !attempt?.result || attempt.reverify_comment_id !== null) continue;
    if (attempt.ended_at === null || ctx.now - attempt.ended_at < limit) continue;
    emitVerify(s, m, attempt, head.sha, "deadline");
  }
}
