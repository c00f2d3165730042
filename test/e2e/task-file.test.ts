import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { FixResult, TaskFile } from "../../src/plan/task-file/task-file.js";
import {
  commentsOn,
  E2E_TIMEOUT,
  expectClean,
  finalPull,
  integration,
  modulePulls,
  show,
  startWorld,
} from "./support.js";

describe("e2e: a task file in, the incoming file out", () => {
  test(
    "a ```json task file in the issue plans one module with the fixes' own ids, and the final PR adds the incoming file",
    async () => {
      const world = await startWorld({ specFile: "examples/task-file.json" });

      const outcome = await world.run();

      expect(outcome).toMatchObject({ status: "done" });
      expectClean(world);
      const [pull] = modulePulls(world);
      expect(pull?.title).toBe("[conductor #1] Phase 1: money");
      // The brief the model read carried the fixes by their own ids, and no `work` item beside them.
      const prompt = world.executions[0]?.prompt ?? "";
      expect(prompt).toContain("CR-1");
      expect(prompt).toContain("CR-2");

      const outgoing = TaskFile.parse(JSON.parse(await readFile("examples/task-file.json", "utf8")));
      const path = "orchestrator/incoming/001_money_result.json";
      const incoming = JSON.parse(await show(world, integration(world), path));
      // The same file, with a result node per fix in exactly the protocol's shape.
      expect(incoming.review_id).toBe(outgoing.review_id);
      expect(incoming.fixes.map((f: { id: string }) => f.id)).toEqual(["CR-1", "CR-2"]);
      for (const fix of incoming.fixes) {
        expect(Object.keys(fix.result)).toEqual(Object.keys(FixResult.shape));
        expect(FixResult.parse(fix.result).status).toBe("FIXED");
      }
      const final = finalPull(world);
      const files = await world.sandbox.git(["diff", "--name-only", `main...${final?.head ?? ""}`]);
      expect(files.split("\n")).toContain(path);
      expect(commentsOn(world, 1).some((c) => c.body.includes("Conductor could not use the plan"))).toBe(false);
    },
    E2E_TIMEOUT,
  );

  test(
    "a malformed task file in the issue is refused with its JSON path, and nothing runs",
    async () => {
      const body =
        'Fix money\n```json\n{"review_id": "R-1", "component": "money", "fixes": [{"id": "1", "severity": "urgent", "issue": "x"}]}\n```\n';
      const world = await startWorld({ spec: body });

      await world.run();

      expect(modulePulls(world)).toEqual([]);
      const refusal = commentsOn(world, 1).find((c) => c.body.includes("Conductor could not use the plan"));
      expect(refusal?.body).toContain(
        'task file (the ```json block on line 1): $.fixes[0].severity: expected one of "critical", "major", "minor"',
      );
    },
    E2E_TIMEOUT,
  );
});
