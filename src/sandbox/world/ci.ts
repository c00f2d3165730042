import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import type { Sandbox } from "../sandbox-types.js";

/** The check run the world's CI reports on module heads. */
export const CI_CHECK = "ci/test";
/** The CI app's slug (its bot is `ci[bot]`). */
export const CI_APP = "ci";

/** One CI run: a commit of a pull request and the command it tests with. */
export interface CiJob {
  sha: string;
  pr: number;
  /** The module's test command; `node --test` when the module has none. */
  command: string;
}

/** How a CI run ended. */
export interface CiRun extends CiJob {
  conclusion: "success" | "failure";
  output: string;
}

const quiet = () => undefined;
const TAIL_LINES = 40;

/**
 * Runs a module's REAL test command in a fresh checkout of `sha` (`git archive` of the bare repository)
 * and reports it as the check run `ci/test` of a separate CI app: `in_progress`, then `completed` with
 * the output's tail as the summary, as a CI service does on every pull-request push.
 */
export async function runCi(sandbox: Sandbox, job: CiJob): Promise<CiRun> {
  const octokit = new Octokit({
    auth: sandbox.installationToken(CI_APP),
    request: { fetch: sandbox.fetch },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const repo = { owner: sandbox.owner, repo: sandbox.repo };
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: CI_CHECK,
    head_sha: job.sha,
    status: "in_progress",
  });
  const dir = await mkdtemp(join(tmpdir(), "conductor-ci-"));
  let result: { code: number; output: string };
  try {
    const unpacked = await sh(
      `git --git-dir="${sandbox.gitDir}" archive --format=tar ${job.sha} | tar -x -C "${dir}"`,
      dir,
    );
    result = unpacked.code === 0 ? await sh(job.command, dir) : unpacked;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const conclusion = result.code === 0 ? "success" : "failure";
  const tail = result.output.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: check.id,
    status: "completed",
    conclusion,
    output: {
      title: `${job.command}: ${conclusion === "success" ? "passed" : `failed (exit ${result.code})`}`,
      summary: `\`\`\`\n${tail.slice(-60_000)}\n\`\`\``,
    },
  });
  return { ...job, conclusion, output: result.output };
}

/** Runs a shell command with a 60 s limit; stdout and stderr together. */
function sh(command: string, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", (error) => resolve({ code: 127, output: output + error.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
