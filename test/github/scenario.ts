/**
 * Task records for tests, built the way the app builds them: by feeding events to the real core
 * (`transition`) and marking every effect performed. A test then starts from "phase 1 dispatched",
 * "proto reported done at HEAD", … without hand-writing a record that the core would never produce.
 */
import { Config, type ConfigInput } from "../../src/config/schema.js";
import type { Event } from "../../src/core/events.js";
import { markEffectDone } from "../../src/core/outbox.js";
import type { TaskRecord } from "../../src/core/record.js";
import { transition } from "../../src/core/transition.js";
import { parseSpec } from "../../src/plan/parse.js";
import { RESULT_VERSION, type Result } from "../../src/protocol/result.js";

export const ISSUE = 7;
export const sha = (c: string): string => c.repeat(40).slice(0, 40);
export const BASE_SHA = sha("b");
export const START = Date.UTC(2026, 10, 21, 11, 0, 0);

/** Two phases; phase 1 runs two modules side by side. */
export const SPEC = `Please build the service.

## Implementation Phases

### Phase 1: Proto definitions
- Define the proto files
Modules: proto, api
Test Command: npm test
Success Criteria:
- proto files exist

#### Module: proto
Paths: proto/**, src/*.ts

#### Module: api
Paths: src/api/**

### Phase 2: Service
Modules: service
Test Command: npm test
`;

/** One phase, one module: the shortest way to the final PR. */
export const ONE_MODULE_SPEC = `## Implementation Phases

### Phase 1: All of it
Modules: core
Test Command: npm test
`;

export class Scenario {
  record: TaskRecord;
  now: number;
  readonly config: Config;
  #n = 0;

  constructor(options: { config?: ConfigInput; spec?: string; assignees?: string[]; now?: number } = {}) {
    this.now = options.now ?? START;
    this.config = Config.parse(options.config ?? {});
    const started = transition(
      null,
      {
        type: "LabelAdded",
        id: "setup-label",
        issue: ISSUE,
        sender: "octocat",
        role: "admin",
        default_branch: "master",
        assignees: options.assignees ?? [],
      },
      this.#ctx(),
    ).record;
    if (!started) throw new Error("the core did not start the task");
    this.record = this.#settle(started);
    const parsed = parseSpec(options.spec ?? SPEC);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    this.apply({ type: "PlanReady", id: "setup-plan", plan: parsed.plan });
  }

  #ctx() {
    return { now: this.now, config: this.config };
  }

  /** Marks every pending effect performed, as the app does after performing them. */
  #settle(r: TaskRecord): TaskRecord {
    return r.outbox.reduce((x, e) => markEffectDone(x, e.id), r);
  }

  /** Applies an event and settles its effects; returns this for chaining. */
  apply(event: Event): this {
    const next = transition(this.record, event, this.#ctx()).record;
    if (!next) throw new Error("record vanished");
    this.record = this.#settle(next);
    return this;
  }

  #id(what: string): string {
    this.#n += 1;
    return `setup-${what}-${this.#n}`;
  }

  /** The integration branch exists and every module of the current phase has its branch and draft PR (dispatched). */
  opened(prs: Record<string, number>): this {
    if (this.record.initial_sha === null) {
      this.apply({
        type: "IntegrationBranchCreated",
        id: this.#id("integration"),
        branch: `conductor/${ISSUE}/integration`,
        sha: BASE_SHA,
      });
    }
    for (const [key, number] of Object.entries(prs)) {
      const m = this.module(key);
      this.apply({
        type: "BranchCreated",
        id: this.#id("branch"),
        module: key,
        branch: m.branch,
        sha: m.base_sha ?? BASE_SHA,
      });
      this.apply({ type: "PullOpened", id: this.#id("pull"), module: key, number, head_sha: m.base_sha ?? BASE_SHA });
    }
    return this;
  }

  module(key: string) {
    const m = this.record.modules.find((x) => x.key === key);
    if (!m) throw new Error(`no module ${key}`);
    return m;
  }

  /** The running attempt of `key`. */
  attempt(key: string) {
    const a = this.module(key).attempts.find((x) => x.state === "running");
    if (!a) throw new Error(`${key} has no running attempt`);
    return a;
  }

  /** The executor's result for the running attempt of `key`. */
  result(key: string, head: string, overrides: Partial<Result> = {}): Result {
    const a = this.attempt(key);
    return {
      version: RESULT_VERSION,
      task: ISSUE,
      module: this.module(key).name,
      attempt: a.number,
      nonce: a.nonce,
      head_sha: head,
      status: "done",
      items: [
        {
          id: "work",
          status: "FIXED",
          changes_made: [{ file: "src/a.ts", change: "added it" }],
          problems_encountered: [],
          solution: "wrote it",
          verification_command: "",
          // A FIXED item names a check of its change (an empty one is a conductor/verify finding).
          hallucination_check: "grep -q it src/a.ts",
          harness: {
            verification: null,
            hallucination_check: { command: "grep -q it src/a.ts", exit_code: 0, output_tail: "", timed_out: false },
          },
        },
      ],
      test: { command: "npm test", exit_code: 0, output_tail: "ok", timed_out: false },
      usage: { input_tokens: 1000, output_tokens: 200, cache_read_tokens: 0, cache_write_tokens: 0, usd: 0.25 },
      turns: 4,
      duration_ms: 60_000,
      stop_reason: "finished",
      ...overrides,
    };
  }

  /** `key` reported done at `head` (result comment `commentId`) and conductor/verify passed there. */
  reported(key: string, head: string, commentId: number): this {
    const result = this.result(key, head);
    this.apply({
      type: "ResultPosted",
      id: this.#id("result"),
      module: key,
      comment_id: commentId,
      result,
      author_is_app: true,
    });
    this.apply({ type: "VerifyCompleted", id: this.#id("verify"), module: key, head_sha: head, findings: [] });
    return this;
  }

  at(now: number): this {
    this.now = now;
    return this;
  }
}
