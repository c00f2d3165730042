/**
 * `npm run bench`: what the 3 × 3 all-green sample task costs the app on GitHub (bench/app.ts),
 * then the executor's figures (bench/executor.ts, run as a child: it measures at import and prints
 * itself), then the estimate's backtest (bench/estimates.ts, a child too). Prints tables; asserts nothing.
 * The goals it is read against (docs/architecture.md#what-a-task-costs-on-github), per module on the green
 * path: ≤ 10 requests (304s not counted), ≤ 6 mutating; ≤ 4 sequential round trips from the label to the last
 * phase-1 dispatch; handler CPU p99 ≤ 5 ms per event.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { type AppFigures, measureApp } from "./app.js";
import type { CpuFigures } from "./cpu-figures.js";

const pad = (text: string | number, width: number) => String(text).padStart(width);
const ms = (micros: number) => `${(micros / 1000).toFixed(2)} ms`;
const per = (n: number, modules: number) => (modules > 0 ? (n / modules).toFixed(1) : "-");

// `npm run bench -- --spec FILE`: a smaller task on the sample repository, and only the executor's 30-turn task
// (the smoke test runs one module);
// the goals are read against the default, the 3 × 3 sample task.
const { values: args } = parseArgs({ options: { spec: { type: "string" } }, strict: true });

function print(f: AppFigures): void {
  const m = f.modules;
  const task = args.spec ? `task ${args.spec}` : "3 × 3 all-green sample task";
  console.log(`app benchmark: ${task} → ${f.status} (${m} modules, wall ${f.wallMs} ms)`);
  console.log("");
  console.log("  GitHub requests by the app         total   per module   goal/module");
  console.log(`    counted (not 304)             ${pad(f.app.total, 8)} ${pad(per(f.app.total, m), 12)}   ≤ 10`);
  console.log(`      mutating                    ${pad(f.app.mutating, 8)} ${pad(per(f.app.mutating, m), 12)}   ≤ 6`);
  console.log(`      reads                       ${pad(f.app.reads, 8)} ${pad(per(f.app.reads, m), 12)}`);
  console.log(`    conditional, 304 (free)       ${pad(f.app.notModified, 8)} ${pad(per(f.app.notModified, m), 12)}`);
  console.log(
    `  executor + CI (not the app)     ${pad(f.others.total, 8)} (${f.others.mutating} mutating, ${f.others.reads} reads)`,
  );
  console.log("");
  console.log("  per endpoint (app)                                                      calls   304  errors  kind");
  for (const e of f.endpoints) {
    console.log(
      `    ${e.endpoint.padEnd(70)} ${pad(e.calls, 6)} ${pad(e.notModified, 5)} ${pad(e.errors, 7)}  ${e.mutating ? "write" : "read"}`,
    );
  }
  console.log("");
  console.log(`  sequential round trips, label → last phase-1 dispatch: ${f.roundTrips ?? "n/a"} (goal ≤ 4)`);
  console.log(`  record size (stored JSON): ${f.recordBytes} bytes`);
  printCpu(f.cpu.cold, f.cpu.warm);
}

const named = (list: { name: string; app: number; requests: number }[]) =>
  list.map((e) => `${e.name} ${ms(e.app)} (${e.requests} requests)`).join(", ");
const costliest = (c: CpuFigures) => {
  console.log("      costliest (top code in each):");
  for (const e of c.costliest) {
    const code = e.byCode.map(([name, us]) => `${name} ${ms(us)}`).join(", ");
    console.log(`        ${e.name.padEnd(26)} ${ms(e.app).padStart(10)} ${pad(e.requests, 3)} requests  (${code})`);
  }
};

function printCpu(cold: CpuFigures, warm: CpuFigures): void {
  const windows = (c: CpuFigures) => `${c.deliveries} deliveries + ${c.ticks} sweep ticks`;
  const quantiles = (c: CpuFigures) => `p50 ${ms(c.p50)}, p99 ${ms(c.p99)}, max ${ms(c.max)}`;
  console.log("  handler CPU time per event (p50/p99): main-thread CPU of the app's code and libraries per delivery,");
  console.log(
    "  GitHub's stand-in (sandbox), the world and git pipes left out, GC shared in proportion (bench/app.ts)",
  );
  console.log(`    steady state (second run, ${windows(warm)}): ${quantiles(warm)} (goal p99 ≤ 5 ms)`);
  const { base, perRequest, requests } = warm.fit;
  console.log(
    `      per event ≈ ${ms(base)} + ${ms(perRequest)} per GitHub request (least squares; ${requests} requests, 304s included)`,
  );
  costliest(warm);
  console.log(`    first run in a fresh process (${windows(cold)}): ${quantiles(cold)}`);
  console.log(`      first events: ${named(cold.first)}`);
  costliest(cold);
  const o = warm.owners;
  console.log(
    `    steady-state windows, all events (ms): app ${ms(o.app)}, GitHub stand-in ${ms(o.github)}, world ${ms(o.world)}, ` +
      `Node internals ${ms(o.runtime)}, GC/V8 ${ms(o.shared)}, idle ${ms(o.idle)}`,
  );
  console.log(
    "    where the app's steady-state time goes, by nearest Conductor function (libraries it called included):",
  );
  for (const [frame, us] of warm.byFrame) console.log(`      ${ms(us).padStart(10)}  ${frame}`);
  console.log("    … by the function on top of the stack (self time):");
  for (const [frame, us] of warm.bySelf) console.log(`      ${ms(us).padStart(10)}  ${frame}`);
  console.log("    … and by whose code is on top:");
  console.log(`      ${warm.byCode.map(([code, us]) => `${code} ${ms(us)}`).join(", ")}`);
  console.log("");
}

// BENCH_CPU_PROFILE_DIR=dir keeps both runs' profiles (app-cold/app-warm.cpuprofile) for Chrome DevTools.
print(await measureApp({ profileDir: process.env.BENCH_CPU_PROFILE_DIR, specFile: args.spec }));
const executorArgs = ["--import", "tsx", "bench/executor.ts", ...(args.spec ? ["--quick"] : [])];
const child = spawnSync(process.execPath, executorArgs, { stdio: "inherit" });
// The estimate's backtest (docs/estimates.md#backtest): its own sandbox tasks, in a child like the executor's.
const estimates = spawnSync(
  process.execPath,
  ["--import", "tsx", "bench/estimates.ts", ...(args.spec ? ["--spec", args.spec] : [])],
  { stdio: "inherit" },
);
process.exitCode = [child.status ?? 1, estimates.status ?? 1].find((code) => code !== 0) ?? 0;
