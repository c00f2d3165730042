import type { EventOf } from "./events.js";
import { eid, emit, log, type Step } from "./step.js";

/**
 * The red-CI fix loop (docs/red-ci-loop.md): the watched workflow is green again on
 * the base branch. A task that has not started (no module attempt was dispatched) has nothing left to do:
 * it says so and closes its issue, whose close aborts it as any close does. A task that started goes on,
 * told why: its work may still be wanted (a flaky failure, a fix someone else pushed), and a maintainer
 * decides with `/abort`.
 */
export function onBaseBranchGreen(s: Step, event: EventOf<"BaseBranchGreen">): void {
  const { r } = s;
  const started = r.modules.some((m) => m.attempts.length > 0);
  const where = `\`${event.workflow}\` is green again on \`${r.base_branch}\` at ${event.sha.slice(0, 7)} (${event.url})`;
  if (started) {
    emit(s, {
      type: "Comment",
      id: eid(s, "ci-green", event.sha),
      target: { kind: "issue" },
      body: `${where}. This task had already started, so it goes on; comment \`/abort\` to stop it.`,
    });
    log(s, `${event.workflow} is green again; the task had started and goes on`);
    return;
  }
  emit(s, {
    type: "Comment",
    id: eid(s, "ci-green", event.sha),
    target: { kind: "issue" },
    body: `${where} before this task started, so there is nothing left to fix: closing it.`,
  });
  emit(s, { type: "CloseIssue", id: eid(s, "close", "ci-green", event.sha), reason: "completed" });
  log(s, `${event.workflow} is green again before the task started; closing the issue`);
}
