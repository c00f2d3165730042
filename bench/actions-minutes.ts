/**
 * Runner minutes per day that Actions-hosted mode costs a busy repository (docs/operations.md#what-it-costs).
 * `npm run bench:actions [-- --job-minutes N --active-hours H]` prints, for the event mix below, how many
 * workflow runs GitHub starts, how many of them run the job (the template's real `if:`, evaluated by GitHub's
 * expression engine), and the billed minutes — GitHub bills every job that runs rounded up to whole minutes,
 * and a job skipped by its `if:` costs none. The same mix through the template as it was before the filter
 * (every event a job, a sweep every five minutes all day) is printed for comparison.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { compileJobIf } from "../test/helpers/workflow-if.js";
import { type EventClass, type Mix, minutesPerDay } from "./actions-mix.js";

const { values } = parseArgs({
  options: {
    "job-minutes": { type: "string", default: "1" },
    "active-hours": { type: "string", default: "8" },
    json: { type: "boolean", default: false },
  },
});
const jobMinutes = Number(values["job-minutes"]);
const activeHours = Number(values["active-hours"]);

const template = parse(readFileSync(new URL("../docs/templates/conductor-app.yml", import.meta.url), "utf8"));
const runsJob = compileJobIf(template.jobs.conductor.if);
const types = (event: string): string[] | undefined => template.on[event]?.types;

const result = minutesPerDay({ runsJob, types, jobMinutes, activeHours });
if (values.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const row = (c: EventClass & { started: number; jobs: number }) =>
    `${c.label.padEnd(58)} ${String(c.perDay).padStart(6)} ${String(c.started).padStart(8)} ${String(c.jobs).padStart(6)}`;
  const mix: Mix = result.mix;
  process.stdout.write(
    [
      `Actions-hosted mode on a busy repository: ${jobMinutes} billed minute(s) per job, tasks active ${activeHours} h/day`,
      "",
      `${"event (per day)".padEnd(58)} ${"events".padStart(6)} ${"runs".padStart(8)} ${"jobs".padStart(6)}`,
      ...mix.map(row),
      `${"sweep (conductor-sweep.yml, on while tasks are active)".padEnd(58)} ${String(result.sweepRuns).padStart(6)} ${String(result.sweepRuns).padStart(8)} ${String(result.sweepRuns).padStart(6)}`,
      "",
      `workflow runs started: ${result.runsStarted}   jobs run: ${result.jobs}   skipped by if: ${result.skipped}`,
      `billed runner minutes per day: ${result.minutes}`,
      `before the filter (every event a job, sweep every 5 min all day): ${result.before.jobs} jobs, ${result.before.minutes} minutes`,
      "",
    ].join("\n"),
  );
}
