import { z } from "zod";
import { STATUS_LABELS } from "../../core/labels.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import type { Log } from "../reconcile/log.js";
import type { ActiveTasks } from "./active-tasks.js";

/** How the sweep reaches GitHub: the app's own client (JWT) and one per installation. */
export interface SweepAuth {
  app(): Promise<GitHubClient>;
  installation(id: number): Promise<GitHubClient>;
}

const MAX_PAGES = 10;

async function pages<T>(fetchPage: (page: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const batch = await fetchPage(page);
    all.push(...batch);
    if (batch.length < 100) break;
  }
  return all;
}

/** The open issues of `repo` labelled `conductor:running` (pull requests excluded): its unfinished tasks. */
export async function runningIssues(octokit: GitHubClient, repo: RepoRef): Promise<number[]> {
  const issues = await pages(async (page) => {
    const res = await octokit.request("GET /repos/{owner}/{repo}/issues", {
      ...repo,
      labels: STATUS_LABELS.running,
      state: "open",
      per_page: 100,
      page,
    });
    return z
      .array(z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }))
      .parse(res.data);
  });
  return issues.filter((issue) => issue.pull_request === undefined).map((issue) => issue.number);
}

/**
 * After a restart the app knows no task (it keeps nothing a restart may lose): every installation's
 * repositories are asked for open issues labelled `conductor:running`, and those tasks are ticked again.
 */
export async function rebuildActiveTasks(auth: SweepAuth, active: ActiveTasks, log: Log): Promise<void> {
  const app = await auth.app();
  const installations = await pages(async (page) => {
    const res = await app.request("GET /app/installations", { per_page: 100, page });
    return z.array(z.object({ id: z.number().int().positive() })).parse(res.data);
  });
  for (const { id } of installations) {
    const octokit = await auth.installation(id);
    const repos = await pages(async (page) => {
      const res = await octokit.request("GET /installation/repositories", { per_page: 100, page });
      return z
        .object({ repositories: z.array(z.object({ name: z.string(), owner: z.object({ login: z.string() }) })) })
        .parse(res.data).repositories;
    });
    for (const r of repos) {
      const repo = { owner: r.owner.login, repo: r.name };
      for (const issue of await runningIssues(octokit, repo)) active.add({ installationId: id, repo, issue });
    }
  }
  log.info({ tasks: active.list().length }, "active tasks rebuilt from GitHub");
}

/**
 * The periodic sweep (DESIGN §7): every `intervalMs`, `tick` every active task; the first run rebuilds the
 * active set from GitHub. The timer does not keep the process alive; `stop()` ends it.
 */
export function startSweep(options: { intervalMs: number; rebuild: () => Promise<void>; tick: () => void; log: Log }): {
  stop(): void;
} {
  if (options.intervalMs <= 0) return { stop() {} };
  let rebuilt = false;
  const run = async () => {
    try {
      if (!rebuilt) {
        await options.rebuild();
        rebuilt = true;
      }
      options.tick();
    } catch (error) {
      options.log.error({ err: error }, "sweep failed; it runs again at the next interval");
    }
  };
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  void run();
  return { stop: () => clearInterval(timer) };
}
