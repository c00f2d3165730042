import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { createBudgetMeter } from "../../../action/src/budget-meter.js";
import { priceOf } from "../../../action/src/prices.js";
import { renderBrief } from "../../../action/src/prompt.js";
import { createRedactor } from "../../../action/src/redact.js";
import type { RepoInstructions } from "../../../action/src/repo-instructions.js";
import { type AgentOutcome, runAgent } from "../../../action/src/run-agent.js";
import { runShell } from "../../../action/src/shell.js";
import { createPathPolicy } from "../../../action/src/tools/path-policy.js";
import { memoryTranscript } from "../../../action/src/transcript.js";
import type { Thinking } from "../../../src/protocol/brief.js";
import { startFakeApi } from "./fake-api-server.js";
import { pullRequest, testBrief } from "./fixtures.js";
import type { TestRepo } from "./test-repo.js";
import { finishFixed, toolCall } from "./transcript.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** Source files of `lines` lines each under src/big/, for reads that fill the context. */
export function writeBigFiles(repo: TestRepo, count: number, lines: number): string[] {
  const files: string[] = [];
  mkdirSync(path.join(repo.workspace, "src/big"), { recursive: true });
  for (let f = 0; f < count; f++) {
    const file = `src/big/part${f}.js`;
    const body = Array.from({ length: lines }, (_, k) => `export const v${f}_${k} = "${"x".repeat(24)}"; // ${k}`);
    writeFileSync(path.join(repo.workspace, file), `${body.join("\n")}\n`);
    files.push(file);
  }
  return files;
}

/** `turns` replies: list the tree, read `files` round and round, and `finish` on the last turn. */
export function readHeavyScript(files: readonly string[], turns: number): Record<string, unknown>[] {
  const replies: Record<string, unknown>[] = [toolCall("list_files", { max_depth: 3 })];
  for (let i = 0; replies.length < turns - 1; i++)
    replies.push(toolCall("read_file", { path: files[i % files.length] }));
  return [...replies, finishFixed()].map(({ usage: _, ...reply }) => reply);
}

export interface ScriptedRun {
  outcome: AgentOutcome;
  api: Awaited<ReturnType<typeof startFakeApi>>;
  transcript: ReturnType<typeof memoryTranscript>;
  usd: number;
  /** Milliseconds from the start of runAgent to the first Messages request reaching the fake. */
  firstRequestMs: number;
}

/**
 * Drives `runAgent` with the real SDK over real HTTP against the local fake (fake-api-server.ts),
 * on the test repository, with `replies` as the model. The caller closes `api`.
 */
export async function runScripted(
  repo: TestRepo,
  replies: readonly Record<string, unknown>[],
  options: { turns: number; window?: number; thinking?: Thinking; instructions?: RepoInstructions } = { turns: 20 },
): Promise<ScriptedRun> {
  const brief = testBrief({ budget: { turns: options.turns, tokens: 500_000_000, usd: 1000, minutes: 60 } });
  const api = await startFakeApi({
    pullRequest: pullRequest(brief, repo.headSha, repo.branch),
    messages: replies,
    messagesApi: { window: options.window ?? 200_000 },
  });
  const { price } = priceOf(brief.model);
  const meter = createBudgetMeter(
    {
      turns: options.turns,
      tokens: 500_000_000,
      usd: 1000,
      budgetEndsAt: Date.now() + 3_600_000,
      timeoutAt: Number.POSITIVE_INFINITY,
    },
    price,
  );
  const transcript = memoryTranscript();
  const started = performance.now();
  const outcome = await runAgent({
    client: new Anthropic({ apiKey: "sk-ant-test-0123456789", baseURL: api.url, maxRetries: 0 }),
    prompt: renderBrief(brief),
    model: brief.model,
    meter,
    clock: { now: () => Date.now() },
    logger: silent,
    maxTurns: options.turns,
    ...(options.thinking ? { thinking: options.thinking } : {}),
    ...(options.instructions ? { instructions: options.instructions } : {}),
    transcript,
    tools: {
      workspace: repo.workspace,
      policy: createPathPolicy(repo.workspace, brief.paths, brief.protected_paths),
      runCommand: (command, options) =>
        runShell(command, { cwd: repo.workspace, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, ...options }),
      redact: createRedactor([]),
      maxOutput: 20_000,
      remainingMs: () => 3_600_000,
      logger: silent,
      itemIds: ["work"],
    },
  });
  const first = api.requests.find((r) => r.path.startsWith("/v1/messages"));
  return { outcome, api, transcript, usd: meter.usage().usd, firstRequestMs: (first?.at ?? started) - started };
}
