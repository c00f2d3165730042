import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SANDBOX_SUBCOMMANDS } from "../../sandbox/cli/subcommands.js";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";
import { E2E_TIMEOUT, spec } from "./support.js";

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readFile: (p) => readFile(p, "utf8") };
  return { io, out, err };
}

describe("e2e: conductor simulate", () => {
  test(
    "--json prints the summary; --fail makes that attempt red, and the task still ends done",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "conductor-simulate-"));
      try {
        const file = join(dir, "task.md");
        await writeFile(file, spec("Money and tax", [["money", "tax"]]));
        const { io, out, err } = captureIo();

        const code = await runCli(
          ["simulate", file, "--fail", "tax@1", "--seed", "7", "--json"],
          io,
          SANDBOX_SUBCOMMANDS,
        );

        expect(err).toEqual([]);
        expect(code).toBe(0);
        const summary = JSON.parse(out.join("\n"));
        expect(summary).toEqual({
          status: "done",
          phases: [
            {
              number: 1,
              modules: [
                { name: "money", pr: 2, attempts: 1, merged: true },
                { name: "tax", pr: 3, attempts: 2, merged: true },
              ],
            },
          ],
          escalations: 0,
          api_calls: expect.any(Number),
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT,
  );

  test("a bad --fail is a usage error (exit 2)", async () => {
    const { io, err } = captureIo();
    expect(await runCli(["simulate", "x.md", "--fail", "money"], io, SANDBOX_SUBCOMMANDS)).toBe(2);
    expect(err.join("\n")).toMatch(/--fail wants MODULE@ATTEMPT/);
  });
});
