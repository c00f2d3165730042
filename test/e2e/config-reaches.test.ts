import { describe, expect, test } from "vitest";
import { Brief } from "../../src/protocol/brief.js";
import { decodeMarker } from "../../src/protocol/marker.js";
import { E2E_TIMEOUT, expectClean, integration, modulePulls, spec, startWorld } from "./support.js";

/**
 * Keys of `.github/conductor.yml` that must reach what they govern, read from what a user sees: the brief
 * in the module PR, the prompt the executor gave the model, the base of the final PR. Each assertion fails
 * if the key is replaced by a constant in the brief or at the task's start.
 */
describe("e2e: configuration reaches the brief, the executor and the branches", () => {
  test(
    "executor.max_turns and limits.attempt_usd set the brief's budget; base_branch sets where the work starts and ends",
    async () => {
      const world = await startWorld({
        open: false,
        spec: spec("Money", [["money"]]),
        config: { executor: { max_turns: 7 }, limits: { attempt_usd: 1.25 }, base_branch: "release" },
      });
      // A second branch, not the repository's default: the task must take its base from the config.
      await world.sandbox.git(["branch", "release", "main"]);
      await world.sandbox.receivePush("maintainer");
      await world.openTask();

      const outcome = await world.run();

      expect(outcome.status).toBe("done");
      expectClean(world);
      const [pull] = modulePulls(world);
      const brief = decodeMarker("brief", pull?.body ?? "", Brief);
      expect(brief.ok && brief.value.budget).toMatchObject({ turns: 7, usd: 1.25 });
      expect(world.executions[0]?.prompt).toMatch(/^7 turns, [\d]+ tokens, \$1\.25, /m);
      const record = await world.record();
      expect(record?.base_branch).toBe("release");
      const final = Object.values(world.sandbox.state().pulls).find((p) => p.head === integration(world));
      expect(final).toMatchObject({ base: "release" });
    },
    E2E_TIMEOUT,
  );
});
