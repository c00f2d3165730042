/**
 * `npm run bench` (its estimate part; alone: `npx tsx bench/estimates.ts [--spec FILE]`): the backtest of the
 * estimate before approval (docs/estimates.md#backtest). Runs a set of sandbox tasks to done — the sample
 * task with different scripted failures, the conflict variant and the task file — then estimates each one
 * from the others' records (leave-one-out) and from the priors, and prints the error figures. Asserts nothing.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CONFLICT_SPEC, createWorld, EXAMPLES_DIR, parseFailure, type WorldOptions } from "../sandbox/world.js";
import type { TaskRecord } from "../src/core/record.js";
import { FIGURE_NAMES, type FigureName } from "../src/estimate/estimate.js";
import { backtest, type ErrorFigures } from "./backtest.js";

/** The recorded runs: the same repository, different plans and failures, so attempts and costs differ. */
const TASKS: { name: string; options: WorldOptions }[] = [
  { name: "sample, all green", options: { seed: 1 } },
  { name: "sample, money fails once", options: { seed: 2, fail: [parseFailure("money@1")] } },
  {
    name: "sample, tax and cart fail once",
    options: { seed: 3, fail: [parseFailure("tax@1"), parseFailure("cart@1")] },
  },
  { name: "sample, stock crashes once", options: { seed: 4, fail: [parseFailure("stock@1:crash")] } },
  { name: "conflict variant", options: { seed: 5, specFile: CONFLICT_SPEC } },
  { name: "task file", options: { seed: 6, specFile: join(EXAMPLES_DIR, "task-file.json") } },
];

// `--spec FILE` (the smoke test's reduced run, through `npm run bench -- --spec FILE`): two runs of that task
// only, which checks the machinery, not the method (too few modules for history).
const { values } = parseArgs({ options: { spec: { type: "string" } }, strict: true });

async function runTask(options: WorldOptions): Promise<TaskRecord | null> {
  const world = await createWorld(options);
  try {
    await world.openTask();
    await world.run();
    return await world.record();
  } finally {
    await world.close();
  }
}

const LABELS: Record<FigureName, string> = {
  attempts: "attempts",
  input_tokens: "input tokens",
  output_tokens: "output tokens",
  usd: "USD",
  wall_ms: "wall time",
};
const pct = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(0)}%`).padStart(8);

function table(title: string, f: ErrorFigures): void {
  console.log(`    ${title} (${f.pairs} estimates)`);
  console.log("      quantity         median |error|   inside range");
  for (const n of FIGURE_NAMES)
    console.log(`      ${LABELS[n].padEnd(16)} ${pct(f.medianApe[n])}        ${pct(f.inside[n])}`);
}

const tasks = values.spec
  ? [
      { name: `${values.spec}, seed 1`, options: { seed: 1, specFile: values.spec } },
      { name: `${values.spec}, seed 2`, options: { seed: 2, specFile: values.spec } },
    ]
  : TASKS;
const records: TaskRecord[] = [];
for (const task of tasks) {
  const record = await runTask(task.options);
  console.log(`  ran ${task.name}: ${record?.status ?? "no record"} (${record?.modules.length ?? 0} modules)`);
  if (record) records.push(record);
}
const result = backtest(records);
console.log("");
console.log(
  `estimate backtest: ${result.tasks} finished sandbox tasks, ${result.modules} modules; ${result.fromHistory} of ${result.tasks} leave-one-out estimates used history`,
);
console.log("  leave-one-out (each task estimated from the others' records):");
table("per module", result.leaveOneOut.modules);
table("per task (totals)", result.leaveOneOut.tasks);
console.log("  priors only (no history):");
table("per module", result.priors.modules);
table("per task (totals)", result.priors.tasks);
console.log(
  "  The sandbox's executor is scripted (fixed tokens per attempt) and its clock moves only on ticks, so these figures test the method's mechanics, not its accuracy on real models (docs/estimates.md#backtest).",
);
