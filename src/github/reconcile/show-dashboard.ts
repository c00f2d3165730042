import type { Effect } from "../../core/effects.js";
import type { TaskRecord } from "../../core/record.js";
import { perform } from "../perform/perform.js";
import type { TaskEnv } from "./task-env.js";

/** Whether `e` is the dashboard: a view of the record, performed last (see `reconcile`). */
export const isDashboard = (e: Effect): boolean => e.type === "UpsertDashboard";

/** Renders the dashboard of `record`; false if GitHub refused (a view is no reason to lose the step). */
export async function showDashboard(env: TaskEnv, record: TaskRecord): Promise<boolean> {
  try {
    await perform(dashboardOf(record.outbox), { ...env, record, fresh: true });
    return true;
  } catch (error) {
    // The next reconcile renders it again.
    env.log.warn({ err: error }, "dashboard not updated");
    return false;
  }
}

/** The dashboard effect to perform for several pending ones: the latest, with a `/status` reply if any asked. */
function dashboardOf(outbox: Effect[]): Effect {
  const all = outbox.filter((e) => e.type === "UpsertDashboard");
  const reply = all.find((e) => e.reply !== null);
  return reply ?? all[all.length - 1] ?? { type: "UpsertDashboard", id: "dashboard", reply: null };
}
