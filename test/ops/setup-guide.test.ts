/**
 * Follows docs/setup.md on a fresh clone, command by command, up to the point that needs github.com:
 * `git clone` (of this repository's committed HEAD), `cd`, `npm ci` (a link to this checkout's node_modules:
 * no network in tests), `npm start` without credentials. GitHub's side is played on loopback: smee.io by a
 * fake speaking its protocol (test/helpers/fake-smee.ts), api.github.com by the sandbox served over HTTP
 * (`GHE_HOST`), and the one step only github.com can do — turning the manifest into an app — by writing
 * the `.env` the setup page would. Then the second `npm start`: webhooks forwarded through the channel,
 * signed accepted and unsigned refused, and SIGTERM to `npm start` draining the reconcile in flight and
 * exiting 0. The second start also sets `REDIS_URL` (setup.md's table) against a real redis-server.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import type { WebhookDelivery } from "../../sandbox/index.js";
import { appKey } from "../../sandbox/world/app.js";
import { type FakeSmee, startFakeSmee } from "../helpers/fake-smee.js";
import { freePort } from "./http-app.js";
import { createWorld, type World } from "./sandbox-app.js";
import { type SandboxHttp, serveSandbox } from "./sandbox-http.js";

const ROOT = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "conductor-guide-"));
const clone = join(scratch, "conductor");
const SECRET = randomBytes(16).toString("hex");
let smee: FakeSmee;
let world: World;
let github: SandboxHttp;
let redis: ChildProcess | undefined;
let redisPort = 0;
const started: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` in the clone, as its own process group (so cleanup can end whatever is left of it). */
async function npmStart(extra: NodeJS.ProcessEnv = {}): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    LOG_FORMAT: "json",
    WEBHOOK_PROXY_SERVER: smee.url,
    ...extra,
  };
  const child = spawn("npm", ["start"], { cwd: clone, env, stdio: "pipe", detached: true });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, port, output: () => output, exited };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, output = () => ""): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${output()}`);
}

const sign = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

/** POSTs a delivery as GitHub does to the App's webhook URL (signed with the App's secret unless `unsigned`). */
async function deliver(url: string, delivery: WebhookDelivery, unsigned = false): Promise<number> {
  const body = JSON.stringify(delivery.payload);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id,
      ...(unsigned ? {} : { "x-hub-signature-256": sign(body) }),
    },
    body,
  });
  await res.text();
  return res.status;
}

/** A task of one module: its start is a short reconcile (each write is spaced by Octokit's throttle). */
const ONE_MODULE = `Add a health endpoint.

## Implementation Phases

### Phase 1: Health
- Add GET /healthz
Modules: api
Test Command: npm test
`;

async function labelTask(): Promise<{ issue: number; labeled: WebhookDelivery }> {
  const issue = await world.openIssue(ONE_MODULE);
  world.sandbox.webhooks.take();
  const { owner, repo } = world.sandbox;
  await world.maintainer.rest.issues.addLabels({ owner, repo, issue_number: issue, labels: ["orchestrate"] });
  const labeled = world.sandbox.webhooks.take().find((d) => d.name === "issues" && d.payload.action === "labeled");
  if (!labeled) throw new Error("the sandbox emitted no issues.labeled");
  return { issue, labeled };
}

async function labelsOf(issue: number): Promise<string[]> {
  const { owner, repo } = world.sandbox;
  const { data } = await world.maintainer.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: issue });
  return data.map((l) => l.name);
}

async function commentsOn(issue: number): Promise<string[]> {
  const { owner, repo } = world.sandbox;
  const { data } = await world.maintainer.rest.issues.listComments({ owner, repo, issue_number: issue });
  return data.map((c) => c.body ?? "");
}

beforeAll(async () => {
  smee = await startFakeSmee();
  world = await createWorld();
  github = await serveSandbox(world.sandbox);
  redisPort = await freePort();
  redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await new Promise<void>((ready, fail) => {
    redis?.once("spawn", () => ready());
    redis?.once("error", (error) =>
      fail(new Error(`redis-server could not start (${error.message}): apt-get install redis-server, as .ci/run does`)),
    );
  });
});

afterAll(async () => {
  for (const child of started) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  redis?.kill();
  await github?.close();
  await smee?.close();
  await world?.sandbox.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The commands of the first `sh` block of the guide's step 1. */
function stepOneCommands(): string[] {
  const guide = readFileSync(join(ROOT, "docs/setup.md"), "utf8");
  const step = guide.slice(guide.indexOf("## 1."));
  const block = /```sh\n([\s\S]*?)```/.exec(step)?.[1] ?? "";
  return block.split("\n").filter((line) => line.trim() !== "");
}

test("step 1: `npm start` on a fresh clone creates a webhook channel and serves the setup page with it", async () => {
  const commands = stepOneCommands();
  expect(commands.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual([
    "git clone",
    "cd conductor",
    "npm ci",
    "npm start",
  ]);
  const [, , url = ""] = commands[0]?.split(" ") ?? [];
  expect(url).toMatch(/^https:\/\/github\.com\/conductor-app\/conductor(\.git)?$/);
  execFileSync("git", ["clone", "--quiet", ROOT, clone], { stdio: "pipe" });
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"));

  const setup = await npmStart();
  const root = await until(
    "the setup page",
    async () => fetch(`http://127.0.0.1:${setup.port}/`, { redirect: "manual" }),
    setup.output,
  );
  expect(root.status).toBe(302);
  expect(root.headers.get("location")).toBe("/probot");
  const html = await (await fetch(`http://127.0.0.1:${setup.port}/probot`)).text();
  expect(html).toContain("https://github.com/settings/apps/new");
  const app = z.object({ name: z.string() }).parse(parse(readFileSync(join(clone, "app.yml"), "utf8")));
  expect(html).toContain(app.name);
  // The channel Probot created through smee-client is the manifest's webhook URL, and it is kept in .env.
  expect(smee.channels).toHaveLength(1);
  const channel = smee.channels[0] ?? "";
  const manifest = JSON.parse(/id="manifest" value='([^']*)'/.exec(html)?.[1] ?? "{}");
  expect(manifest.hook_attributes).toEqual({ url: channel });
  expect(readFileSync(join(clone, ".env"), "utf8")).toContain(`WEBHOOK_PROXY_URL=${channel}`);

  setup.child.kill("SIGTERM");
  await setup.exited;
  await expect(fetch(`http://127.0.0.1:${setup.port}/`)).rejects.toThrow();
}, 240_000);

test("`npm start` again with the app's credentials: webhooks arrive through the channel, signed only", async () => {
  const channel = smee.channels[0] ?? "";
  // What the setup page writes once GitHub has converted the manifest (Probot's updateEnv format).
  appendFileSync(
    join(clone, ".env"),
    `\nAPP_ID=${world.sandbox.app.id}\nPRIVATE_KEY="${appKey().replace(/\n/g, "\\n")}"\nWEBHOOK_SECRET=${SECRET}\n`,
  );
  const app = await npmStart({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  });
  const base = `http://127.0.0.1:${app.port}`;
  await until("/healthz", async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), app.output);
  await until("the smee client", async () => (smee.listeners(channel) > 0 ? true : undefined), app.output);

  // GitHub → smee channel → the app, signed with the App's secret: the task starts.
  const first = await labelTask();
  expect(await deliver(channel, first.labeled)).toBe(200);
  await until(
    "the task to start",
    async () => ((await labelsOf(first.issue)).includes("conductor:running") ? true : undefined),
    app.output,
  );
  expect(app.output()).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/api\/github\/webhooks\S* - 200/);
  await until("the first task's reconciles to finish", async () => {
    const health = z
      .object({ tasks: z.object({ busy: z.number() }) })
      .parse(await (await fetch(`${base}/healthz`)).json());
    return health.tasks.busy === 0 ? true : undefined;
  });

  // Straight to the webhook URL (production): unsigned and wrongly signed are refused, and change nothing.
  const second = await labelTask();
  const hook = `${base}/api/github/webhooks`;
  expect(await deliver(hook, second.labeled, true)).toBe(400);
  const forged = JSON.stringify(second.labeled.payload);
  const wrong = await fetch(hook, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "forged",
      "x-hub-signature-256": `sha256=${createHmac("sha256", "development").update(forged).digest("hex")}`,
    },
    body: forged,
  });
  expect(wrong.status).toBe(400);
  await new Promise((r) => setTimeout(r, 500));
  expect(await labelsOf(second.issue)).not.toContain("conductor:running");

  // REDIS_URL: the Octokit throttle ran on Bottleneck's Redis connection (its keys are `b_*`).
  const keys = execFileSync("redis-cli", ["-p", String(redisPort), "--scan", "--pattern", "b_*"], { encoding: "utf8" });
  expect(keys.trim()).not.toBe("");

  // SIGTERM to `npm start` while the second task's reconcile is in flight: it finishes, then exit 0.
  expect(await deliver(hook, second.labeled)).toBe(200);
  app.child.kill("SIGTERM");
  const code = await app.exited;
  expect(code, app.output()).toBe(0);
  const lines = app
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string; busy?: number; errors?: number });
  const stopping = lines.find((l) => l.msg?.startsWith("stopping: refusing webhooks"));
  expect(stopping?.busy, app.output()).toBeGreaterThan(0);
  expect(lines.find((l) => l.msg?.startsWith("queued reconciles finished"))?.errors).toBe(0);
  expect(await labelsOf(second.issue)).toContain("conductor:running");
  expect((await commentsOn(second.issue)).some((b) => b.includes("conductor:dashboard"))).toBe(true);
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
}, 240_000);
