import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { Plan } from "../../src/plan/plan.js";

const run = promisify(execFile);

describe("bin/conductor.js", () => {
  // The real entry, as `npx conductor` runs it from a fresh clone: plain node, no build step.
  test("plan --json prints a Plan for the bundled example", async () => {
    const { stdout } = await run(process.execPath, ["bin/conductor.js", "plan", "examples/dataflow.md", "--json"]);
    const plan = Plan.parse(JSON.parse(stdout));
    expect(plan.phases.map((phase) => phase.number)).toEqual([1, 2, 3, 4, 5]);
  });

  test("exits 1 with the errors on stderr for a broken spec", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "conductor-")), "issue.md");
    await writeFile(file, "## Implementation Phases\n### Phase 1: A\nModules: api, api\n");
    const failed = await run(process.execPath, ["bin/conductor.js", "plan", file]).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `${file}: 1 problem in the spec\nline 3: phase 1 lists module "api" twice\n`,
    });
  });
});
