/**
 * One module of a task rebuilt from its PRs (src/core/rebuild-task.ts, docs/commands.md#reset-rebuilding-an-unreadable-record).
 */
import { phaseBase } from "./advance.js";
import { attemptNonce } from "./ids.js";
import type { Attempt, ModuleRecord, TaskRecord } from "./record.js";
import type { Step } from "./step.js";
import type { PullFact, ResultFact } from "./task-facts.js";

const tokens = (r: ResultFact["result"]) =>
  r.usage.input_tokens + r.usage.output_tokens + r.usage.cache_read_tokens + r.usage.cache_write_tokens;

/** The newest PR of a module that is open or merged (the one the task works on), and the older ones. */
function currentPull(pulls: readonly PullFact[]): { current: PullFact | null; older: number[] } {
  const sorted = [...pulls].sort((a, b) => a.number - b.number);
  const current = sorted.findLast((p) => p.state === "open" || p.merged) ?? null;
  return { current, older: sorted.filter((p) => p !== current).map((p) => p.number) };
}

/**
 * A finished attempt rebuilt from its result comment. Semantics chosen here (docs/commands.md#reset): a result
 * with tokens spent is charged, as the core charges one when it arrives; times are the reset's.
 */
function finishedAttempt(fact: ResultFact, mode: Attempt["mode"], now: number): Attempt {
  const { result } = fact;
  return {
    number: result.attempt,
    window: 0,
    nonce: result.nonce,
    mode,
    state: result.status === "done" ? "done" : result.stop_reason === "error" ? "infra" : "failed",
    charged: result.status !== "done" ? true : tokens(result) > 0,
    dispatched_at: now,
    ended_at: now,
    run_id: null,
    result: {
      status: result.status,
      stop_reason: result.stop_reason,
      head_sha: result.head_sha,
      turns: result.turns,
      comment_id: fact.comment_id,
      ...(result.error === undefined ? {} : { error: result.error }),
    },
    usage: result.usage,
    signature: null,
    feedback: null,
    // A re-verification record is read again by the sweep's deadline look-up
    // (src/github/reads/find-reverify-comment.ts).
    reverify_comment_id: null,
  };
}

/** The results that belong to this module in this generation: the nonce the core would have made for them. */
function resultsOf(r: TaskRecord, m: ModuleRecord, pull: PullFact): ResultFact[] {
  const byAttempt = new Map<number, ResultFact>();
  for (const fact of pull.results) {
    const { result } = fact;
    if (result.task !== r.issue || result.nonce !== attemptNonce(r, m.key, result.attempt)) continue;
    byAttempt.set(result.attempt, fact); // the last comment for an attempt wins, as a redelivered result would
  }
  return [...byAttempt.values()].sort((a, b) => a.result.attempt - b.result.attempt);
}

/**
 * Rebuilds one module from its PRs. Merged → `merged`. Open → its attempts from the app's result comments; the
 * attempt the PR's brief names is the running one, and its result (if any) is handed back to be replayed, so
 * the gate is decided again as if it had just arrived. Closed without merging → `closed`, waiting for
 * `/retry` like a PR a human closed. No PR → `pending`: the task opens it when its phase comes.
 */
export function rebuildModule(s: Step, m: ModuleRecord, pulls: readonly PullFact[], gaps: string[]) {
  const { r, ctx } = s;
  const { current, older } = currentPull(pulls);
  m.old_prs = older;
  const base = phaseBase(r, m.phase);
  m.base_sha = base && "sha" in base ? base.sha : null;
  if (!current) {
    const closed = older.at(-1);
    if (closed !== undefined) {
      m.state = "closed";
      m.reason = `PR #${closed} was closed without merging`;
    }
    return null;
  }
  m.pr = current.number;
  m.head_sha = current.head_sha;
  const brief = current.brief;
  const results = resultsOf(r, m, current);
  const latest = Math.max(brief?.attempt ?? 0, results.at(-1)?.result.attempt ?? 0);
  m.brief_attempt = brief?.attempt ?? null;
  m.attempts = results
    .filter((f) => current.merged || f.result.attempt < latest)
    .map((f) => finishedAttempt(f, f.result.attempt === brief?.attempt ? brief.mode : "implement", ctx.now));
  r.cost_usd += m.attempts.reduce((usd, a) => usd + (a.usage?.usd ?? 0), 0);
  if (current.merged) {
    m.state = "merged";
    m.merge_sha = current.merge_sha;
    return null;
  }
  if (latest === 0) {
    gaps.push(`${m.name}: PR #${current.number} carries no readable brief; it waits for \`/retry\` on the PR`);
    m.state = "failed";
    m.reason = "its brief could not be read back after a reset";
    return null;
  }
  m.state = "running";
  m.attempts.push({
    number: latest,
    window: 0,
    nonce: attemptNonce(r, m.key, latest),
    mode: brief?.attempt === latest ? brief.mode : "implement",
    state: "running",
    charged: false,
    // From the reset on: a run still going reports by webhook; one that is gone times out like any silent run.
    dispatched_at: ctx.now,
    ended_at: null,
    run_id: null,
    result: null,
    usage: null,
    signature: null,
    feedback: null,
    reverify_comment_id: null,
  });
  return results.find((f) => f.result.attempt === latest) ?? null;
}
