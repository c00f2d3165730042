import type { Performer } from "./perform-env.js";
import { postComment } from "./post-comment.js";

/**
 * Rule: the outbox marks the comment done right after it is posted, so it is posted once; only a crash
 * between posting and saving could repeat it, which is the price of not reading every comment first.
 */
export const comment: Performer<"Comment"> = async (effect, env) => {
  await postComment(env, effect.target, effect.body);
  return [];
};
