/**
 * Follows docs/setup.md step 1 on a fresh clone, command by command, up to the setup page: `git clone`
 * (of this repository's committed HEAD instead of GitHub), `cd`, `npm ci` (replaced by a link to this
 * checkout's node_modules: no network in tests), `npm start` without credentials. Then the page the guide
 * sends you to: `/` redirects to `/probot`, which offers to register the app from app.yml's manifest.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, test } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { freePort } from "./http-app.js";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "conductor-guide-"));
let child: ChildProcess | undefined;

afterAll(() => {
  // npm start runs sh and node under npm: end the whole group it leads.
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** The commands of the first `sh` block of the guide's step 1. */
function stepOneCommands(): string[] {
  const guide = readFileSync(join(ROOT, "docs/setup.md"), "utf8");
  const step = guide.slice(guide.indexOf("## 1."));
  const block = /```sh\n([\s\S]*?)```/.exec(step)?.[1] ?? "";
  return block.split("\n").filter((line) => line.trim() !== "");
}

test("docs/setup.md step 1 on a fresh clone serves the setup page with app.yml's manifest", async () => {
  const commands = stepOneCommands();
  expect(commands.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([
    "git clone",
    "cd conductor",
    "npm ci",
    "npm start",
  ]);
  const [, , url = "", dir = "conductor"] = commands[0]?.split(" ") ?? [];
  expect(url).toMatch(/^https:\/\/github\.com\/conductor-app\/conductor(\.git)?$/);
  execFileSync("git", ["clone", "--quiet", ROOT, dir], { cwd: scratch, stdio: "pipe" });
  const clone = join(scratch, dir);
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));

  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
  };
  child = spawn("npm", ["start"], { cwd: clone, env, stdio: "pipe", detached: true });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));

  let root: Response | undefined;
  for (let i = 0; i < 900 && !root; i++) {
    root = await fetch(`http://127.0.0.1:${port}/`, { redirect: "manual" }).catch(() => undefined);
    if (!root) await new Promise((r) => setTimeout(r, 100));
  }
  expect(root?.status, output).toBe(302);
  expect(root?.headers.get("location")).toBe("/probot");
  const page = await fetch(`http://127.0.0.1:${port}/probot`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("https://github.com/settings/apps/new");
  const app = z.object({ name: z.string() }).parse(parse(readFileSync(join(clone, "app.yml"), "utf8")));
  expect(html).toContain(app.name);
}, 150_000);
