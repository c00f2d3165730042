import { escalationMentions, escalationSummary } from "./escalation-summary.js";
import { statusLabels } from "./labels.js";
import { eid, emit, isTerminal, log, type Step, setStatus } from "./step.js";

/**
 * Block the task and tell the humans, exactly once per blocked episode: while an episode is open,
 * further reasons only reach the dashboard log. The episode closes on `/retry`.
 */
export function escalate(s: Step, reason: string, keys: readonly string[]): void {
  const r = s.r;
  if (isTerminal(r)) return;
  if (r.escalation.open) {
    log(s, `also blocked: ${reason}`);
    return;
  }
  const episode = r.escalation.episode + 1;
  r.escalation = { episode, open: true, reason };
  setStatus(r, "blocked");
  log(s, `blocked: ${reason}`);
  const summary = escalationSummary(r, reason, keys);
  emit(s, {
    type: "Escalate",
    id: eid(s, "escalate", episode),
    episode,
    reason,
    mentions: escalationMentions(r, keys),
    summary,
    modules: [...keys],
  });
  emit(s, { type: "SetLabels", id: eid(s, "labels", "blocked", episode), ...statusLabels("blocked") });
  const url = r.config.escalation.webhook_url;
  if (url) emit(s, { type: "PostWebhook", id: eid(s, "webhook", episode), url, text: summary });
}

/** Close the open episode (a `/retry`): the next failure may escalate again. */
export function closeEpisode(s: Step): void {
  s.r.escalation = { ...s.r.escalation, open: false, reason: null };
}
