/**
 * `npm start` without credentials (DESIGN §7 Deployment, STACK §8): the built app runs in Probot's setup
 * mode and serves the page that creates the GitHub App from `app.yml`. Built with the project's
 * `tsconfig.build.json` (as `npm start` does) and started from a scratch directory holding only `app.yml`
 * and `package.json`, so no `.env` of the developer's can switch setup mode off.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
let child: ChildProcess | undefined;
let scratch: string | undefined;

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

beforeAll(() => {
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")],
    {
      cwd: ROOT,
      stdio: "pipe",
    },
  );
}, 120_000);

afterAll(() => {
  child?.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("without APP_ID the built app serves Probot's setup page, with Conductor's manifest", async () => {
  scratch = mkdtempSync(join(tmpdir(), "conductor-setup-"));
  copyFileSync(join(ROOT, "app.yml"), join(scratch, "app.yml"));
  copyFileSync(join(ROOT, "package.json"), join(scratch, "package.json"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" };
  child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/probot/bin/probot.js"), "run", join(ROOT, "lib/src/index.js")],
    {
      cwd: scratch,
      env,
      stdio: "pipe",
    },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  let page: Response | undefined;
  for (let i = 0; i < 100 && !page; i++) {
    page = await fetch(`http://127.0.0.1:${port}/probot`).catch(() => undefined);
    if (!page) await new Promise((r) => setTimeout(r, 100));
  }
  expect(page?.status, output).toBe(200);
  const html = (await page?.text()) ?? "";
  expect(html).toContain("https://github.com/settings/apps/new");
  expect(html).toContain("Conductor");
  expect(html).toMatch(/workflow_run/);
}, 30_000);
