import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Deps } from "../../../action/src/deps.js";
import { run } from "../../../action/src/run.js";
import { type Recorded, testDeps } from "./test-deps.js";
import type { TestRepo } from "./test-repo.js";

/** What both jobs of one executor run left: each job's record, the artifact, the publish checkout. */
export interface Jobs {
  /** The publish job's outputs, summary and verdict; both jobs' logs and masks. */
  recorded: Recorded;
  work: Recorded;
  publish: Recorded;
  artifactDir: string;
  /** Every file of the artifact, as text (the bundle as latin1), joined: what would be uploaded. */
  artifactText(): string;
}

/**
 * Plays the executor workflow's two jobs (DESIGN §8) as the runner would: the work job in the test
 * repository's checkout with the key and a read-only token, its artifact handed over as a directory
 * (upload-artifact / download-artifact), then the publish job on a fresh clone of the module branch,
 * with the token and without the key. `patch` adjusts each job's deps (a clock, a sandbox).
 */
export async function runJobs(
  repo: TestRepo,
  env: Record<string, string | undefined>,
  patch: (deps: Deps, mode: "work" | "publish") => void = () => {},
): Promise<Jobs> {
  const artifactDir = path.join(repo.root, "artifact");
  const work = testDeps(repo.workspace, { ...env, INPUT_MODE: "work", "INPUT_ARTIFACT-PATH": artifactDir });
  patch(work.deps, "work");
  await run(work.deps);

  const checkout = path.join(repo.root, `publish-${Date.now()}`);
  execFileSync("git", ["clone", "-q", "--branch", repo.branch, repo.remote, checkout], { stdio: "ignore" });
  const { "INPUT_ANTHROPIC-API-KEY": _key, ...rest } = env;
  const publish = testDeps(checkout, {
    ...rest,
    INPUT_MODE: "publish",
    "INPUT_ARTIFACT-PATH": artifactDir,
    GITHUB_WORKSPACE: checkout,
  });
  patch(publish.deps, "publish");
  await run(publish.deps);
  return {
    recorded: {
      ...publish.recorded,
      logs: [...work.recorded.logs, ...publish.recorded.logs],
      secrets: [...work.recorded.secrets, ...publish.recorded.secrets],
    },
    work: work.recorded,
    publish: publish.recorded,
    artifactDir,
    artifactText: () =>
      existsSync(artifactDir)
        ? readdirSync(artifactDir)
            .map((f) => readFileSync(path.join(artifactDir, f), "latin1"))
            .join("\n")
        : "",
  };
}
