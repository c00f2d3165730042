import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import { run } from "../../../action/src/run.js";
import type { FakeApi } from "./fake-api-server.js";
import { actionEnv } from "./fixtures.js";
import { type Recorded, testDeps } from "./test-deps.js";
import type { TestRepo } from "./test-repo.js";

const BUNDLE = path.resolve("action/dist/index.js");

/** What the work job, run from the committed bundle, left. */
export interface BundleWork {
  code: number | null;
  /** Everything it printed (the runner's log). */
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  artifactDir: string;
}

/**
 * Runs the committed bundle as the runner runs the work job: `node dist/index.js` as a child process
 * whose real environment (so its `/proc/<pid>/environ`) holds the key, the token, the runtime token
 * and whatever `extra` adds, pointed at the fake GitHub + Anthropic server.
 */
export async function runBundleWork(
  repo: TestRepo,
  api: FakeApi,
  extra: Record<string, string> = {},
): Promise<BundleWork> {
  const artifactDir = extra["INPUT_ARTIFACT-PATH"] ?? path.join(repo.root, "artifact");
  const outputFile = path.join(repo.root, "github-output");
  const summaryFile = path.join(repo.root, "step-summary.md");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    ...actionEnv(repo.workspace),
    INPUT_MODE: "work",
    "INPUT_ARTIFACT-PATH": artifactDir,
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: api.url,
    ANTHROPIC_BASE_URL: api.url,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...extra,
  };
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [BUNDLE], { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.on("close", (exit) => resolve({ code: exit, stdout: out }));
  });
  return { code, stdout, outputs: readOutputs(outputFile), summary: readFileSync(summaryFile, "utf8"), artifactDir };
}

/**
 * The publish job on a fresh clone of the module branch, in process (its git pushes to the test's bare
 * repository, a `file` remote the production bundle refuses), against the same fake server.
 */
export async function runPublish(
  repo: TestRepo,
  api: FakeApi,
  artifactDir: string,
  extra: Record<string, string> = {},
): Promise<Recorded> {
  const checkout = path.join(repo.root, "publish");
  execFileSync("git", ["clone", "-q", "--branch", repo.branch, repo.remote, checkout], { stdio: "ignore" });
  const { "INPUT_ANTHROPIC-API-KEY": _key, ...env } = actionEnv(checkout);
  const { deps, recorded } = testDeps(checkout, {
    ...env,
    INPUT_MODE: "publish",
    "INPUT_ARTIFACT-PATH": artifactDir,
    GITHUB_SERVER_URL: api.url,
    ...extra,
  });
  deps.makeOctokit = (token) => new Octokit({ auth: token, baseUrl: api.url });
  await run(deps);
  return recorded;
}

/** Every file of the artifact directory as text (binary as latin1): what the work job uploads. */
export function artifactText(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .map((file) => readFileSync(path.join(dir, file), "latin1"))
    .join("\n");
}

/** The values `core.setOutput` wrote to GITHUB_OUTPUT (`name<<delimiter … delimiter` blocks). */
export function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1] ?? ""] = match[3] ?? "";
  }
  return outputs;
}
