import { encodeMarker } from "../../protocol/marker.js";
import type { Performer } from "./perform-env.js";
import { postComment } from "./post-comment.js";

/**
 * Rule: one comment per escalation episode; the outbox posts it once. The summary already @-mentions the
 * assignees and `escalation.mention` (the core renders it, so the comment and the webhook say the same);
 * the hidden marker names the episode for tools that look for escalations.
 */
export const escalateComment: Performer<"Escalate"> = async (effect, env) => {
  const marker = encodeMarker("escalation", { episode: effect.episode, modules: effect.modules });
  await postComment(env, { kind: "issue" }, `${effect.summary}\n\n${marker}`);
  return [];
};
