import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigYaml } from "../config/load.js";
import { Config } from "../config/schema.js";
import type { History } from "../estimate/estimate.js";
import { NO_HISTORY } from "../estimate/estimate.js";
import { estimatePlan } from "../estimate/estimate-plan.js";
import { historyFromRecords, type StoredRecord } from "../estimate/history-from-records.js";
import { renderEstimate } from "../estimate/render-estimate.js";
import type { Plan } from "../plan/plan.js";
import type { CliIo } from "./io.js";

/** Where `--estimate` learns from: a configuration and a folder of task records (both optional). */
export interface EstimateSources {
  config: string | undefined;
  history: string | undefined;
}

/** The record files in `dir`: `*.json` there, or under its `tasks/` (a checkout of `conductor/state`). */
async function recordPaths(io: CliIo, dir: string): Promise<string[]> {
  const list = io.listDir ?? ((path: string) => readdir(path));
  const names = await list(dir);
  const base = names.includes("tasks") && !names.some((n) => n.endsWith(".json")) ? join(dir, "tasks") : dir;
  const files = base === dir ? names : await list(base);
  return files
    .filter((n) => n.endsWith(".json"))
    .sort()
    .map((n) => join(base, n));
}

async function readHistoryDir(io: CliIo, dir: string): Promise<History> {
  const files: StoredRecord[] = [];
  for (const path of await recordPaths(io, dir)) {
    try {
      files.push({ path, json: JSON.parse(await io.readFile(path)) });
    } catch (error) {
      files.push({ path, problem: error instanceof SyntaxError ? "not JSON" : "unreadable" });
    }
  }
  return historyFromRecords(files);
}

/**
 * `conductor plan FILE --estimate [--config FILE] [--history DIR]` (docs/estimates.md#the-cli): the estimate
 * the dashboard would show before `/approve-plan`, under the configuration's limits and model, from the
 * records in DIR (a checkout of `conductor/state`) or else the priors. Returns the exit code.
 */
export async function printEstimate(plan: Plan, sources: EstimateSources, json: boolean, io: CliIo): Promise<number> {
  let config = Config.parse({});
  if (sources.config !== undefined) {
    const parsed = parseConfigYaml(await io.readFile(sources.config));
    if (!parsed.ok) {
      for (const e of parsed.errors) io.err(`${sources.config}${e.line ? `:${e.line}` : ""}: ${e.key}: ${e.message}`);
      return 1;
    }
    config = parsed.config;
  }
  const history = sources.history === undefined ? NO_HISTORY : await readHistoryDir(io, sources.history);
  const estimate = estimatePlan(plan, history, config, Date.now());
  if (json) io.out(JSON.stringify(estimate, null, 2));
  else io.out(["", "Estimate", "", ...renderEstimate(estimate)].join("\n"));
  return 0;
}
