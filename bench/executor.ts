/**
 * `npm run bench:executor`: what the built-in engine costs on a scripted task, and how fast its bundle
 * starts. Every figure comes from the request bytes the real SDK sent over HTTP to the local fake of
 * the Messages API (test/action/support/fake-api-server.ts, streaming like the API):
 *
 * 1. A scripted 30-turn task (list, read, search, edit, run the tests, finish) through the real agent
 *    loop and tools on a temp git checkout.
 * 2. A scripted 100-turn read-heavy task (about 7k tokens per read), which only fits the 200k window
 *    because old tool outputs are cleared.
 *
 * For each: turns, input tokens (uncached, cache writes, cache reads) and output tokens, the share of
 * prompt tokens in turns 2…n read from a cached prefix, the largest request, and USD at list prices.
 * Then the committed bundle, `node action/dist/index.js`, started 9 times: the median time from spawn
 * to its first HTTP request (goal ≤ 300 ms), and its size (goal ≤ 3 MB).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { priceOf } from "../action/src/prices.js";
import { cachedPrefixShare } from "../test/action/support/cached-prefix.js";
import { startFakeApi } from "../test/action/support/fake-api-server.js";
import { actionEnv, pullRequest, testBrief } from "../test/action/support/fixtures.js";
import { readHeavyScript, runScripted, writeBigFiles } from "../test/action/support/read-heavy.js";
import { createTestRepo } from "../test/action/support/test-repo.js";
import { editGreet, finishFixed, toolCall } from "../test/action/support/transcript.js";

const DIST = path.resolve("action/dist");
const BYTES_PER_TOKEN = 3;

/** 29 tool turns of the kind an executor makes on a small module, then `finish`. */
function mixedScript(): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [toolCall("list_files", { max_depth: 4 })];
  for (let i = 0; steps.length < 27; i++) {
    const file = `src/big/part${i % 6}.js`;
    steps.push(
      toolCall("read_file", { path: file, offset: 1 + 40 * i, limit: 120 }),
      toolCall("search", { pattern: `v${i % 6}_${i}\\b` }),
      toolCall("run_command", { command: "node test/greet.test.js || true" }),
    );
  }
  const replies = [...steps.slice(0, 27), editGreet(), toolCall("run_command", { command: "node test/greet.test.js" })];
  return [...replies, finishFixed()].map(({ usage: _, ...reply }) => reply);
}

/** One scripted task, measured. */
async function measure(
  name: string,
  files: number,
  lines: number,
  script: (f: string[]) => Record<string, unknown>[],
  turns: number,
) {
  const repo = createTestRepo();
  try {
    const paths = writeBigFiles(repo, files, lines);
    const run = await runScripted(repo, script(paths), { turns });
    try {
      if (run.outcome.stop !== "finished") throw new Error(`${name} did not finish: ${run.outcome.stop}`);
      const seen = run.api.messages.seen;
      const cache = cachedPrefixShare(
        seen.map((s) => s.body),
        BYTES_PER_TOKEN,
      );
      const usage = run.transcript.events.flatMap((e) => (e.type === "response" ? [e.usage] : []));
      const sum = (key: string) => usage.reduce((n, u) => n + (typeof u[key] === "number" ? (u[key] as number) : 0), 0);
      return {
        name,
        turns: seen.length,
        input: sum("input_tokens"),
        cacheWrite: sum("cache_creation_input_tokens"),
        cacheRead: sum("cache_read_input_tokens"),
        output: sum("output_tokens"),
        share: cache.share,
        largest: Math.max(...seen.map((s) => s.promptTokens)),
        window: 200_000 - (seen[0]?.body.max_tokens ?? 0),
        usd: run.usd,
        firstRequestMs: run.firstRequestMs,
      };
    } finally {
      await run.api.close();
    }
  } finally {
    repo.cleanup();
  }
}

/** CPU time (user + system, ms) a process has used so far; Linux only, null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms clock ticks
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function coldStart(runs = 9) {
  const repo = createTestRepo();
  const api = await startFakeApi({ pullRequest: pullRequest(testBrief(), repo.headSha, repo.branch), messages: [] });
  const times: number[] = [];
  const toModel: number[] = [];
  const cpu: number[] = [];
  const isModel = (r: { path: string }) => r.path.startsWith("/v1/messages");
  try {
    for (let i = 0; i < runs; i++) {
      const seen = api.requests.length;
      const seenModel = api.requests.filter(isModel).length;
      const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...actionEnv(repo.workspace) };
      const started = performance.now();
      const child = spawn(process.execPath, [path.join(DIST, "index.js")], {
        env: { ...env, GITHUB_API_URL: api.url, ANTHROPIC_BASE_URL: api.url },
        stdio: "ignore",
      });
      // Listened for from the start: a bundle that has already exited when it is killed emits no second `exit`.
      let gone = false;
      const exited = new Promise((r) =>
        child.once("exit", () => {
          gone = true;
          r(undefined);
        }),
      );
      const limit = performance.now() + 30_000;
      while (api.requests.length === seen && !gone && performance.now() < limit) {
        await new Promise((r) => setTimeout(r, 1));
      }
      const firstRequest = api.requests[seen];
      if (firstRequest) times.push(firstRequest.at - started);
      const used = cpuMs(child.pid);
      if (used !== null) cpu.push(used);
      // Then on through reading the brief, the checkout and the instructions to the first model request.
      const until = performance.now() + 30_000;
      while (api.requests.filter(isModel).length === seenModel && !gone && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 1));
      }
      const first = api.requests.filter(isModel)[seenModel];
      if (first) toModel.push(first.at - started);
      child.kill("SIGKILL");
      await exited;
    }
  } finally {
    await api.close();
    repo.cleanup();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    runs: sorted.map((t) => Math.round(t)),
    median: median(times),
    toModel: toModel.length > 0 ? median(toModel) : null,
    cpu: cpu.length > 0 ? median(cpu) : null,
  };
}

const bytes = readdirSync(DIST).reduce((n, f) => n + statSync(path.join(DIST, f)).size, 0);
// `--quick` (what `npm run bench -- --spec FILE` passes, for its smoke test): the 30-turn task only; the
// 100-turn read-heavy one takes minutes on a loaded machine.
const quick = process.argv.includes("--quick");
const tasks = [
  await measure("mixed, 30 turns", 6, 200, mixedScript, 30),
  ...(quick ? [] : [await measure("read-heavy, 100 turns", 30, 700, (f) => readHeavyScript(f, 100), 100)]),
];
const start = await coldStart();
const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
const model = testBrief().model;
const price = priceOf(model).price;
console.log("executor benchmark: built-in engine (model %s)", model);
console.log(
  "  method: prompt tokens = bytes of the request's serialized tools + system + messages / %d, counted by the fake on the bytes the SDK sent; a request reads the longest prefix that an earlier request cached at one of its breakpoints (byte-identical); output tokens = bytes of the scripted reply content / %d; USD at list prices $%s in / $%s out per MTok, cache writes ×1.25, cache reads ×0.1 (prices.ts).",
  BYTES_PER_TOKEN,
  BYTES_PER_TOKEN,
  price.input,
  price.output,
);
for (const t of tasks) {
  console.log(`  ${t.name}:`);
  console.log(
    `    turns ${t.turns}; input tokens ${t.input} uncached + ${t.cacheWrite} cache writes + ${t.cacheRead} cache reads; output tokens ${t.output}`,
  );
  // Only the mixed task has a goal: each clearing of the read-heavy one rewrites the cache from the first cleared output on.
  const goal = t === tasks[0] ? ` (goal ≥ 0.90) ${mark(t.share >= 0.9)}` : " (no goal: clearing rewrites the cache)";
  console.log(`    cached-prefix share, turns 2–${t.turns}: ${t.share.toFixed(3)}${goal}`);
  console.log(
    `    largest request: ${t.largest} tokens (limit ${t.window} = 200k window − max_tokens) ${mark(t.largest <= t.window)}`,
  );
  console.log(
    `    cost at list prices: $${t.usd.toFixed(4)}; in-process start to first API request: ${t.firstRequestMs.toFixed(0)} ms`,
  );
}
console.log(
  `  bundle cold start to first HTTP request: median ${start.median.toFixed(0)} ms of [${start.runs.join(", ")}] (goal ≤ 300 ms) ${mark(start.median <= 300)}`,
);
if (start.toModel !== null) {
  console.log(`  bundle cold start to first Messages API request: median ${start.toModel.toFixed(0)} ms`);
}
if (start.cpu !== null)
  console.log(
    `  … of which CPU time (user + system), median: ${start.cpu} ms; machine load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
  );
console.log(`  bundle size: ${(bytes / 1e6).toFixed(2)} MB (goal ≤ 3 MB) ${mark(bytes <= 3e6)}`);
