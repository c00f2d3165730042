import type { Performer } from "./perform-env.js";

/** Slack answers quickly or not at all; a hung webhook must not hold the task's queue. */
const TIMEOUT_MS = 10_000;

/**
 * Rule: best effort, once. The escalation comment on the issue is the record of the escalation; a chat
 * webhook that is down or refuses is logged and not retried, so a broken URL never blocks the task.
 */
export const postWebhook: Performer<"PostWebhook"> = async (effect, env) => {
  try {
    const res = await env.deps.fetch(effect.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: effect.text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) env.log.warn({ status: res.status }, "escalation webhook refused the message");
  } catch (error) {
    env.log.warn({ err: error }, "escalation webhook could not be reached");
  }
  return [];
};
