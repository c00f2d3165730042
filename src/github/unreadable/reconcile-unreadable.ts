import type { Config } from "../../config/schema.js";
import { rebuildTask } from "../../core/rebuild-task.js";
import type { TaskRecord } from "../../core/record.js";
import { decideUnreadable, type Unreadable } from "../../core/unreadable.js";
import { performWithoutRecord } from "../perform/perform-without-record.js";
import { DEFAULT_CONFIG, type ReadConfig } from "../reconcile/config.js";
import type { Intake } from "../reconcile/intake.js";
import type { TaskEnv } from "../reconcile/task-env.js";
import { readTaskFacts } from "../reset/read-task-facts.js";
import type { TaskStore } from "../store/store.js";
import type { UnreadableRecordError } from "./unreadable-record-error.js";
import { upsertUnreadableNotice } from "./upsert-unreadable-notice.js";

/**
 * A reconcile of a task whose record cannot be read (docs/troubleshooting.md#the-record-is-unreadable). Instead
 * of throwing on every event: build the events without a record (only commands come out), let the core decide
 * (src/core/unreadable.ts), keep the one notice comment, answer the commands. A permitted `/reset` or `/abort`
 * reads the task from GitHub, has the core rebuild the record and apply the command, writes it over the
 * unreadable file with compare-and-swap (its blob SHA is the expected version), and then runs `again`, an
 * ordinary reconcile that performs the rebuilt record's outbox. Returns the record written, or null.
 */
export async function reconcileUnreadable(
  env: TaskEnv,
  intake: Intake,
  error: UnreadableRecordError,
  readConfig: () => Promise<ReadConfig>,
  store: TaskStore<TaskRecord>,
  again: () => Promise<TaskRecord | null>,
): Promise<TaskRecord | null> {
  const u: Unreadable = {
    issue: error.issue,
    branch: error.branch,
    path: error.path,
    version: error.version,
    problems: error.problems,
  };
  // The record's configuration snapshot is what is lost, so permissions come from the file as it is now; it is
  // read only when there is a command to check, so the events the task ignores cost no request for it.
  let read: Promise<ReadConfig> | undefined;
  const readOnce = () => {
    read ??= readConfig();
    return read;
  };
  const built = await intake.build({ ...env, record: null, unreadable: true, readConfig: readOnce });
  const commands = built.events.some((e) => e.type === "CommandReceived");
  const loaded = commands ? await readOnce() : null;
  const config: Config = loaded?.ok ? loaded.config : DEFAULT_CONFIG;
  const decision = decideUnreadable(u, built.events, { now: env.deps.now(), config });
  const first = await upsertUnreadableNotice(env, u, decision.notice);
  const where = { branch: u.branch, path: u.path, version: u.version, problems: u.problems };
  if (first) env.log.warn(where, "the task's record is unreadable; waiting for a fix, /reset or /abort");
  else env.log.debug({ version: u.version }, "record still unreadable; event ignored");
  await performWithoutRecord(env, decision.effects);
  if (decision.rebuild === null) return null;

  const facts = await readTaskFacts(env, config);
  const { record } = rebuildTask(facts, decision.rebuild, { now: env.deps.now(), config });
  const saved = await store.save(env.issue, record, u.version);
  if (!saved.ok) {
    // Someone wrote the file meanwhile (a hand fix?): the next event reads what they wrote.
    env.log.warn({ reason: saved.reason }, "the record changed while it was rebuilt; the rebuild is dropped");
    return null;
  }
  env.log.info(
    { command: decision.rebuild.command.name, modules: record.modules.length, status: record.status },
    "record rebuilt from GitHub",
  );
  return await again();
}
