/**
 * `npm start` without credentials (DESIGN §7 Deployment, STACK §8): the built app runs in Probot's setup
 * mode and serves the page that creates the GitHub App from `app.yml`. Built with the project's
 * `tsconfig.build.json` (as `npm start` does) and started from a scratch directory holding only `app.yml`
 * and `package.json`, so no `.env` of the developer's can switch setup mode off.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHmac, generateKeyPairSync } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import { appKey } from "../../sandbox/world/app.js";
import { createWorld } from "../ops/sandbox-app.js";
import { serveSandbox } from "../ops/sandbox-http.js";

const ROOT = resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
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
  for (const child of children) child.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("without APP_ID the built app serves Probot's setup page, with Conductor's manifest", async () => {
  scratch = mkdtempSync(join(tmpdir(), "conductor-setup-"));
  copyFileSync(join(ROOT, "app.yml"), join(scratch, "app.yml"));
  copyFileSync(join(ROOT, "package.json"), join(scratch, "package.json"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" };
  const child = spawn(
    process.execPath,
    [join(ROOT, "node_modules/probot/bin/probot.js"), "run", join(ROOT, "lib/src/index.js")],
    {
      cwd: scratch,
      env,
      stdio: "pipe",
    },
  );
  children.push(child);
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

/** Starts the built server entry (`npm start` execs it) in a scratch directory; resolves when it exits or listens. */
async function startMain(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; output: () => string; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), "conductor-main-"));
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  const port = await freePort();
  const started = spawn(process.execPath, [join(ROOT, "lib/src/main.js")], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: String(port), HOST: "127.0.0.1", LOG_FORMAT: "json", ...env },
    stdio: "pipe",
  });
  let output = "";
  started.stdout?.on("data", (d) => (output += String(d)));
  started.stderr?.on("data", (d) => (output += String(d)));
  return { child: started, output: () => output, port };
}

const credentials = () => ({
  APP_ID: "1",
  PRIVATE_KEY: generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey,
  APP_SLUG: "conductor",
  // Nothing listens here: the start-up rebuild fails and is logged; webhooks need no GitHub to be checked.
  GHE_HOST: "127.0.0.1:9",
  GHE_PROTOCOL: "http",
});

test("with APP_ID but no WEBHOOK_SECRET the server refuses to start and says why", async () => {
  const main = await startMain(credentials());
  const code = await new Promise((done) => main.child.on("exit", done));
  expect(code).toBe(1);
  const line = JSON.parse(
    main
      .output()
      .split("\n")
      .find((l) => l.includes("WEBHOOK_SECRET")) ?? "{}",
  );
  expect(line.level).toBe(60);
  expect(line.msg).toMatch(/^WEBHOOK_SECRET is not set, so Probot would accept any webhook signed with its default/);
  expect(line.msg).toContain("NODE_ENV=development");
}, 30_000);

test("with NODE_ENV=development it starts without one, warns, and takes Probot's default secret", async () => {
  const main = await startMain({ ...credentials(), NODE_ENV: "development" });
  children.push(main.child);
  let health: Response | undefined;
  for (let i = 0; i < 150 && !health; i++) {
    health = await fetch(`http://127.0.0.1:${main.port}/healthz`).catch(() => undefined);
    if (!health) await new Promise((r) => setTimeout(r, 100));
  }
  expect(health?.status, main.output()).toBe(200);
  expect(main.output()).toMatch(/"level":40,[^\n]*WEBHOOK_SECRET is not set: with NODE_ENV=development/);
  const body = JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 });
  const post = (secret: string) =>
    fetch(`http://127.0.0.1:${main.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
      body,
    }).then((r) => r.status);
  expect(await post("development")).toBe(200);
  expect(await post("something-else")).toBe(400);
}, 30_000);

test("`npm run setup:actions` serves the same manifest with the webhook inactive, from its own directory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "conductor-actions-setup-"));
  copyFileSync(join(ROOT, "app.yml"), join(dir, "app.yml"));
  copyFileSync(join(ROOT, "package.json"), join(dir, "package.json"));
  const port = await freePort();
  const started = spawn(process.execPath, [join(ROOT, "lib/src/main.js")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: "127.0.0.1",
      CONDUCTOR_SETUP: "actions",
      NO_SMEE_SETUP: "true",
    },
    stdio: "pipe",
  });
  children.push(started);
  let page: Response | undefined;
  for (let i = 0; i < 150 && !page; i++) {
    page = await fetch(`http://127.0.0.1:${port}/probot`).catch(() => undefined);
    if (!page) await new Promise((r) => setTimeout(r, 100));
  }
  const html = (await page?.text()) ?? "";
  const manifest = JSON.parse(/id="manifest" value='([^']*)'/.exec(html)?.[1] ?? "{}");
  const app = parse(readFileSync(join(ROOT, "app.yml"), "utf8"));
  expect(manifest.hook_attributes).toEqual({ url: app.url, active: false });
  expect(manifest.default_permissions).toEqual(app.default_permissions);
  expect(manifest.default_events).toEqual(app.default_events);
  expect(existsSync(join(dir, ".actions-setup/app.yml"))).toBe(true);
}, 30_000);

test("app.yml asks for no permission the app does not use (members), and the server manifest's webhook is active", () => {
  const app = parse(readFileSync(join(ROOT, "app.yml"), "utf8"));
  expect(Object.keys(app.default_permissions).sort()).toEqual(
    ["actions", "checks", "contents", "issues", "metadata", "pull_requests", "statuses"].sort(),
  );
  expect(app.hook_attributes).toBeUndefined();
});

test("Ctrl-C (SIGINT) drains the queued reconciles too: Probot's own SIGINT exit is taken out", async () => {
  const world = await createWorld();
  const github = await serveSandbox(world.sandbox);
  try {
    const secret = "sigint-test-secret";
    const main = await startMain({
      ...credentials(),
      APP_ID: String(world.sandbox.app.id),
      PRIVATE_KEY: appKey(),
      WEBHOOK_SECRET: secret,
      GHE_HOST: github.host,
    });
    children.push(main.child);
    const exited = new Promise((done) => main.child.on("exit", done));
    let health: Response | undefined;
    for (let i = 0; i < 150 && !health; i++) {
      health = await fetch(`http://127.0.0.1:${main.port}/healthz`).catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status, main.output()).toBe(200);
    const { owner, repo } = world.sandbox;
    const issue = await world.openIssue(
      "## Implementation Phases\n\n### Phase 1: A\n- a\nModules: api\nTest Command: npm test\n",
    );
    world.sandbox.webhooks.take();
    await world.maintainer.rest.issues.addLabels({ owner, repo, issue_number: issue, labels: ["orchestrate"] });
    const labeled = world.sandbox.webhooks.take().find((d) => d.name === "issues" && d.payload.action === "labeled");
    const body = JSON.stringify(labeled?.payload);
    const accepted = await fetch(`http://127.0.0.1:${main.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": labeled?.id ?? "d",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
      body,
    });
    expect(accepted.status).toBe(200);
    main.child.kill("SIGINT");
    expect(await exited).toBe(0);
    const lines = main
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => String(l.msg).startsWith("stopping:"))?.busy, main.output()).toBeGreaterThan(0);
    expect(lines.find((l) => String(l.msg).startsWith("queued reconciles finished"))?.errors).toBe(0);
    const comments = await world.maintainer.rest.issues.listComments({ owner, repo, issue_number: issue });
    expect(comments.data.some((c) => c.body?.includes("conductor:dashboard"))).toBe(true);
  } finally {
    await github.close();
    await world.sandbox.close();
  }
}, 60_000);
