import type { Brief } from "../../../src/protocol/brief.js";
import { RESULT_VERSION, type Result, type StopReason, type Usage } from "../../../src/protocol/result.js";

/**
 * The `Result` a review attempt leaves when it has no review to post (docs/ai-review.md): it says why in
 * `error`. With a review, it only carries the usage. The publish job posts it as the attempt's result comment.
 */
export function reviewResult(fields: {
  brief: Brief;
  headSha: string;
  usage: Usage;
  turns: number;
  durationMs: number;
  stop: StopReason;
  error?: string;
}): Result {
  const { brief } = fields;
  return {
    version: RESULT_VERSION,
    task: brief.task,
    module: brief.module,
    attempt: brief.attempt,
    nonce: brief.nonce,
    head_sha: fields.headSha,
    status: fields.stop === "finished" ? "done" : fields.stop === "error" ? "failed" : "incomplete",
    items: [],
    test: null,
    usage: fields.usage,
    turns: fields.turns,
    duration_ms: Math.max(0, Math.round(fields.durationMs)),
    stop_reason: fields.stop,
    ...(fields.error === undefined ? {} : { error: fields.error }),
  };
}
