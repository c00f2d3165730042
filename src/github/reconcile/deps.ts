import Anthropic from "@anthropic-ai/sdk";
import type { Brief } from "../../protocol/brief.js";
import type { VerifyFinding } from "../../protocol/feedback.js";
import type { Result } from "../../protocol/result.js";
import type { PrFile } from "../../verify/pr-file.js";
import { verify } from "../../verify/verify.js";
import { plannerWith } from "../planner/plan-with-planner.js";
import type { Planner } from "../planner/planner-seam.js";
import { createTaskStoreCache, type TaskStoreCache } from "../store/store.js";

/** The seam for the pure verify rules (`src/verify/`, DESIGN §6). */
export type VerifyRules = (input: { files: readonly PrFile[]; result: Result; brief: Brief }) => VerifyFinding[];

/**
 * Everything the app takes from outside, with real defaults at the edge (`defaultDeps`) and fakes in tests
 * (STYLE habit 5). The app keeps nothing a restart may lose: `storeCache` and the caches inside the app
 * only save requests.
 */
export interface Deps {
  /** The clock, in ms since the epoch; the core gets its time from here through `ctx.now`. */
  now(): number;
  /** Waits between polls (update-branch is asynchronous on GitHub's side). */
  sleep(ms: number): Promise<void>;
  /** For the Slack-compatible escalation webhook. */
  fetch: typeof fetch;
  /**
   * The app's slug, whose bot login `<slug>[bot]` authors the result comments. When unset it is read once
   * with `GET /app` (app JWT) and kept for the life of the process.
   */
  appSlug: string | undefined;
  /** How often the sweep sends `Tick` to every active task; 0 turns the timer off (tests tick by hand). */
  sweepIntervalMs: number;
  /** Writes a plan from the issue when it has no spec (`plannerWith`, src/github/planner/plan-with-planner.ts). */
  planner: Planner;
  /** The rules of `conductor/verify` (src/verify/verify.ts). */
  verify: VerifyRules;
  /** Shared by every task store of the process: records by commit SHA and refs' ETags. */
  storeCache: TaskStoreCache;
  /** How many times one reconcile may save and perform before it leaves the rest to the next one. */
  maxRounds: number;
  /**
   * Keep changes that leave nothing to perform in memory until the task's next write (`HeldWrites`), which
   * saves most record writes. On by default; tests of single steps turn it off to read each step's record
   * from the store.
   */
  holdWrites: boolean;
  /** Signals on which the app drains its queue before exiting (`drainOnShutdown`); tests pass none. */
  shutdownSignals: NodeJS.Signals[];
}

/** Defaults from the environment: `SWEEP_INTERVAL_SECONDS` (300), `APP_SLUG`, `ANTHROPIC_API_KEY`. */
export function defaultDeps(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Deps> = {}): Deps {
  const seconds = Number(env.SWEEP_INTERVAL_SECONDS ?? "300");
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    fetch: globalThis.fetch,
    appSlug: env.APP_SLUG || undefined,
    sweepIntervalMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 300_000,
    planner: plannerWith(env.ANTHROPIC_API_KEY ? new Anthropic({ apiKey: env.ANTHROPIC_API_KEY }) : null),
    verify,
    storeCache: createTaskStoreCache(),
    maxRounds: 20,
    holdWrites: true,
    shutdownSignals: ["SIGTERM", "SIGINT"],
    ...overrides,
  };
}
