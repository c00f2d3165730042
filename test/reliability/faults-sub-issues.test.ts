import type { RandomFaults } from "../../sandbox/faults.js";
import { describeScenario, runWorld } from "./scenario.js";

/**
 * The fault scenario (faults.test.ts) with sub-issues in play (docs/task-graph.md#sub-issues): 10% of the
 * app's requests fail, sub-issue requests included. The run must end as the clean run with sub-issues does:
 * each module's one sub-issue closed as completed, no issue made twice. A failure *after* GitHub made the
 * change (the crash window the marker search is for) is the e2e's "crash window" test, struck on purpose:
 * random after-the-change faults would also strike comments, whose HTTP-level retries are another matter.
 */
const tracking = { tracking: { sub_issues: true } };
const faultsFor = (seed: number): RandomFaults => ({
  rate: 0.1,
  seed,
  kinds: ["502", "secondary-rate-limit"],
  retryAfterSeconds: 30,
});

describeScenario(
  "with sub-issues, 10% of the app's API calls fail with 502 or a secondary rate limit (Retry-After: 30)",
  (seed) => runWorld(seed, { config: tracking, appFaults: faultsFor(seed) }),
  { config: tracking },
);
