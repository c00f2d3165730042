import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { Estimate } from "../../src/estimate/estimate.js";
import { Driver, makePlan } from "../core/driver.js";

const DATAFLOW = readFileSync("examples/dataflow.md", "utf8");

/** Runs the CLI in-process against files held in memory (folders listed from their paths). */
async function cli(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    listDir: async (dir) => [
      ...new Set(
        Object.keys(files)
          .filter((p) => p.startsWith(`${dir}/`))
          .map((p) => p.slice(dir.length + 1).split("/")[0] ?? ""),
      ),
    ],
  };
  const code = await runCli(argv, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A finished task's record, as `conductor/state` holds it. */
function doneRecordText(issue: number): string {
  const d = new Driver({ issue, plan: makePlan([2, 1]) });
  d.label();
  d.settle();
  return JSON.stringify(d.record);
}

describe("conductor plan --estimate", () => {
  test("prints the plan, then per module and in total the ranges and the method (priors: no history given)", async () => {
    const { code, out, err } = await cli(["plan", "examples/dataflow.md", "--estimate"], {
      "examples/dataflow.md": DATAFLOW,
    });
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toContain("examples/dataflow.md: 5 phases, 10 modules, 4 fixes");
    expect(out).toContain("\nEstimate\n\n| module | attempts | input tokens | output tokens | USD | wall time |");
    expect(out).toMatch(/\| cdc-connector \(phase 2\) \| 1\.3 \(1–3\) \| \d+k \(/);
    expect(out).toMatch(/\| \*\*total\*\* \| 13 \(10–30\) \|/);
    expect(out).toContain("Method: from the brief's size and the priors in docs/estimates.md#priors");
  });

  test("--history DIR (a checkout of conductor/state) learns from its finished tasks and names what it skipped", async () => {
    const files = {
      "examples/dataflow.md": DATAFLOW,
      "state/README.md": "# Conductor task records",
      "state/tasks/1.json": doneRecordText(1),
      "state/tasks/2.json": doneRecordText(2),
      "state/tasks/3.json": "{ not json",
      "state/tasks/4.json": JSON.stringify({ hello: "world" }),
    };
    const { code, out } = await cli(["plan", "examples/dataflow.md", "--estimate", "--history", "state"], files);
    expect(code).toBe(0);
    expect(out).toContain("Method: from this repository's history: 6 finished modules of 2 tasks");
    expect(out).toContain("- state/tasks/3.json: skipped, not JSON");
    expect(out).toMatch(/- state\/tasks\/4\.json: skipped, not a task record \(version: /);
    // The driver's modules each took one attempt at $0.50.
    expect(out).toContain("| cdc-connector (phase 2) | 1 (1–1) | 1k (1k–1k) | 0 (0–0) | $0.50 ($0.50–$0.50) |");
  });

  test("--json --estimate prints exactly the Estimate; --config sets the limits it is bounded by", async () => {
    const files = { "examples/dataflow.md": DATAFLOW, "conductor.yml": "retries:\n  max_attempts: 2\n" };
    const { code, out } = await cli(
      ["plan", "examples/dataflow.md", "--json", "--estimate", "--config", "conductor.yml"],
      files,
    );
    expect(code).toBe(0);
    const estimate = Estimate.parse(JSON.parse(out));
    expect(estimate.method).toBe("priors");
    expect(estimate.modules).toHaveLength(10);
    expect(estimate.modules.every((m) => m.figures.attempts.high === 2)).toBe(true);
  });

  test("a bad --config names the key and line; --history without --estimate is a usage error", async () => {
    const bad = await cli(["plan", "examples/dataflow.md", "--estimate", "--config", "c.yml"], {
      "examples/dataflow.md": DATAFLOW,
      "c.yml": "retries:\n  max_attempts: lots\n",
    });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^c\.yml:2: retries\.max_attempts: /m);
    const usage = await cli(["plan", "examples/dataflow.md", "--history", "state"], {
      "examples/dataflow.md": DATAFLOW,
    });
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("--config and --history go with --estimate");
  });
});
