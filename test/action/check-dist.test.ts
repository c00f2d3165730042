import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";

// The committed bundle must be exactly what the sources build to (CI's check-dist does the same).
test("action/dist/index.js is up to date with its sources", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "conductor-dist-"));
  try {
    const fresh = path.join(dir, "index.js");
    execFileSync(process.execPath, ["action/build.mjs", fresh], { stdio: "pipe" });
    const committed = readFileSync("action/dist/index.js");
    const rebuilt = readFileSync(fresh);
    // Comparing lengths first keeps a failure message short; a 1 MB diff helps nobody.
    expect({ bytes: rebuilt.length }, "run `npm run bundle` and commit action/dist").toEqual({
      bytes: committed.length,
    });
    expect(rebuilt.equals(committed), "run `npm run bundle` and commit action/dist").toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
