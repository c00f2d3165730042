import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Octokit } from "@octokit/rest";
import type { PullRequestEvent } from "../../src/workflows/match-trigger.js";
import type { Sandbox } from "../sandbox-types.js";
import { type CiJobPlan, type CiStep, planCi } from "./ci-plan.js";

/** The CI app's slug (its bot is `ci[bot]`): it plays GitHub Actions for the repository's own workflows. */
export const CI_APP = "ci";

/** One pull-request event CI may answer: the PR's head commit and what the payload said. */
export interface CiJob {
  sha: string;
  pr: number;
  action: string;
  base: string;
  baseSha: string;
  head: string;
  draft: boolean;
}

/** How one workflow job ended on a head commit (its check run). */
export interface CiRun {
  sha: string;
  pr: number;
  workflow: string;
  /** The check run's name (the job's `name`, else its id). */
  name: string;
  /** The `run:` steps it ran, in order. */
  command: string;
  conclusion: "success" | "failure";
  output: string;
}

const quiet = () => undefined;
const TAIL_LINES = 40;
const STEP_TIMEOUT_MS = 60_000;

/**
 * GitHub Actions for the sandbox: reads the repository's REAL workflow files at the head commit, decides
 * with the trigger matcher which jobs an event runs (`planCi`), and runs each job's `run:` steps in order in
 * a fresh checkout of the head (`git archive`), reporting it as a check run named after the job. A workflow
 * whose `on:` filters do not fire produces no check at all, as on GitHub; so does a repository with no
 * workflows (docs/doctor.md#the-sandboxs-ci).
 */
export async function runCi(sandbox: Sandbox, job: CiJob): Promise<CiRun[]> {
  const files = await workflowFiles(sandbox, job.sha);
  const paths = (await sandbox.git(["diff", "--name-only", `${job.baseSha}...${job.sha}`])).split("\n").filter(Boolean);
  const event: PullRequestEvent = {
    kind: "pull_request",
    action: job.action,
    base: job.base,
    head: job.head,
    draft: job.draft,
    paths,
  };
  const runs: CiRun[] = [];
  for (const plan of planCi(files, event)) runs.push(await runJob(sandbox, job, plan));
  return runs;
}

async function workflowFiles(sandbox: Sandbox, sha: string): Promise<{ path: string; text: string }[]> {
  const listed = await sandbox.git(["ls-tree", "--name-only", sha, ".github/workflows/"]).catch(() => "");
  const paths = listed.split("\n").filter((path) => /\.ya?ml$/.test(path));
  return Promise.all(paths.map(async (path) => ({ path, text: await sandbox.git(["show", `${sha}:${path}`]) })));
}

async function runJob(sandbox: Sandbox, job: CiJob, plan: CiJobPlan): Promise<CiRun> {
  const octokit = new Octokit({
    auth: sandbox.installationToken(CI_APP),
    request: { fetch: sandbox.fetch },
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  const repo = { owner: sandbox.owner, repo: sandbox.repo };
  const { data: check } = await octokit.rest.checks.create({
    ...repo,
    name: plan.name,
    head_sha: job.sha,
    status: "in_progress",
  });
  // The job's scratch space: the checkout under `work/`, step scripts beside it (never in the tree).
  const box = await mkdtemp(join(tmpdir(), "conductor-ci-"));
  const dir = join(box, "work");
  let log = plan.notes.map((note) => `note: ${note}\n`).join("");
  let failed: { step: string; code: number } | null = null;
  try {
    await mkdir(dir);
    const unpacked = await sh(
      "sh",
      ["-c", `git --git-dir="${sandbox.gitDir}" archive --format=tar ${job.sha} | tar -x -C "${dir}"`],
      dir,
      {},
    );
    if (unpacked.code !== 0) failed = { step: "checkout", code: unpacked.code };
    log += unpacked.output;
    for (const step of plan.steps) {
      if (failed) break;
      const ran = await runStep(step, dir, join(box, "step.sh"), job);
      log += ran.log;
      if (ran.code !== 0) failed = { step: step.label, code: ran.code };
    }
  } finally {
    await rm(box, { recursive: true, force: true });
  }
  const conclusion = failed ? "failure" : "success";
  const tail = log.trimEnd().split("\n").slice(-TAIL_LINES).join("\n");
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: check.id,
    status: "completed",
    conclusion,
    output: {
      title: failed ? `${failed.step}: failed (exit ${failed.code})` : `${plan.workflow}: passed`,
      summary: `\`\`\`\n${tail.slice(-60_000)}\n\`\`\``,
    },
  });
  const command = plan.steps.flatMap((s) => (s.kind === "run" ? [s.script.trim()] : [])).join(" && ");
  return { sha: job.sha, pr: job.pr, workflow: plan.workflow, name: plan.name, command, conclusion, output: log };
}

async function runStep(step: CiStep, root: string, script: string, job: CiJob): Promise<{ code: number; log: string }> {
  if (step.kind === "skip") return { code: 0, log: `── ${step.label} (line ${step.line}): ${step.note}\n` };
  const cwd = resolve(root, step.cwd);
  if (!cwd.startsWith(root))
    return { code: 1, log: `── ${step.label}: working-directory ${step.cwd} leaves the checkout\n` };
  await mkdir(cwd, { recursive: true });
  await writeFile(script, step.script);
  // GitHub's default shell on Linux runners: `bash -e {0}` (`sh -e {0}` for `shell: sh`).
  const env = {
    ...step.env,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_BASE_REF: job.base,
    GITHUB_HEAD_REF: job.head,
    GITHUB_SHA: job.sha,
    GITHUB_WORKSPACE: root,
  };
  const ran = await sh(step.shell, ["-e", script], cwd, env);
  return { code: ran.code, log: `── ${step.label} (line ${step.line})\n${ran.output}` };
}

/** Runs a program with a 60 s limit; stdout and stderr together. */
function sh(
  program: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const child = spawn(program, [...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: STEP_TIMEOUT_MS,
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", (error) => done({ code: 127, output: output + error.message }));
    child.on("close", (code) => done({ code: code ?? 1, output }));
  });
}
