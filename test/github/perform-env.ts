/** A performer's environment for tests that call performers directly (idempotency rules, GitHub's refusals). */
import { Octokit } from "@octokit/rest";
import type { TaskRecord } from "../../src/core/record.js";
import type { PerformEnv } from "../../src/github/perform/perform-env.js";
import { appIdentity } from "../../src/github/reconcile/app-identity.js";
import { createCaches } from "../../src/github/reconcile/caches.js";
import { type Deps, defaultDeps } from "../../src/github/reconcile/deps.js";
import { silentLog } from "../../src/github/reconcile/log.js";
import { OWNER, REPO, SLUG } from "./harness.js";
import { ISSUE } from "./scenario.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function performEnv(record: TaskRecord | null, o: { fresh?: boolean; deps?: Partial<Deps> } = {}): PerformEnv {
  const octokit = new Octokit({ auth: "t", log: quiet });
  return {
    octokit,
    repo: { owner: OWNER, repo: REPO },
    installationId: 2,
    issue: ISSUE,
    log: silentLog,
    deps: defaultDeps({}, { sleep: async () => {}, shutdownSignals: [], sweepIntervalMs: 0, ...o.deps }),
    identity: appIdentity(SLUG, async () => octokit),
    caches: createCaches(),
    hints: {},
    record,
    fresh: o.fresh ?? true,
  };
}
