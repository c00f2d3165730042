import { z } from "zod";
import { isTerminal } from "../../core/step.js";
import { OWN_CHECKS, readChecks } from "../checks/read-checks.js";
import { etagCache } from "../octokit/conditional-read.js";
import { parseTaskBranch } from "../reads/task-branch.js";
import { type Intake, nothing, type Routed } from "../reconcile/intake.js";
import { checksMatter } from "./checks-matter.js";

const Sha = z.string().regex(/^[0-9a-f]{40}$/);
const App = z.object({ slug: z.string().optional() }).nullish();

const SuitePayload = z.object({
  check_suite: z.object({ head_branch: z.string().nullable(), head_sha: Sha, app: App }),
});
const RunPayload = z.object({
  check_run: z.object({
    name: z.string(),
    head_sha: Sha,
    app: App,
    check_suite: z.object({ head_branch: z.string().nullable() }).nullish(),
  }),
});
const StatusPayload = z.object({
  sha: Sha,
  context: z.string(),
  branches: z.array(z.object({ name: z.string() })),
});

/**
 * The checks of one module head moved: read them all (check runs and statuses, `readChecks`) and report
 * `ChecksCompleted`. A burst of check events for one SHA is read once (`coalesce`), a SHA whose checks
 * cannot change a decision is not read at all (`checksMatter`), and a SHA read again is a conditional
 * request. Our own check suite (`conductor/verify`) is skipped: the core hears about it as `VerifyCompleted`.
 *
 * GitHub names one branch in a check event, but modules of a phase share their start commit, so a module
 * whose executor changed nothing has that SHA as its head too: every module whose head it is hears the
 * answer of the same read.
 */
function checksIntake(id: string, branch: string | null, sha: string, appSlug: string | null): Routed {
  const task = parseTaskBranch(branch);
  const module = task?.module;
  if (!task || !module) return null;
  const intake: Intake = {
    issue: task.issue,
    id,
    coalesce: `checks:${module}:${sha}`,
    async build(io) {
      const { record } = io;
      if (!record || isTerminal(record)) return nothing;
      const concerned = record.modules.filter((m) => (m.key === module || m.head_sha === sha) && checksMatter(m, sha));
      if (concerned.length === 0) return nothing;
      if (appSlug !== null && `${appSlug}[bot]` === (await io.identity.botLogin())) return nothing;
      const checks = await readChecks(io.octokit, io.repo, sha, {
        checks: record.config.gates.checks,
        executorWorkflow: record.config.executor.workflow,
        etags: etagCache(io.caches),
      });
      return {
        events: concerned.map((m) => ({
          type: "ChecksCompleted" as const,
          id: m.key === module ? id : `${id}:${m.key}`,
          module: m.key,
          head_sha: sha,
          checks,
        })),
      };
    },
  };
  return intake;
}

/** `check_suite.completed` on a module branch. */
export function fromCheckSuite(id: string, raw: unknown): Routed {
  const parsed = SuitePayload.safeParse(raw);
  if (!parsed.success) return null;
  const suite = parsed.data.check_suite;
  return checksIntake(id, suite.head_branch, suite.head_sha, suite.app?.slug ?? null);
}

/** `check_run.completed` on a module branch; Conductor's own checks are dropped at once. */
export function fromCheckRun(id: string, raw: unknown): Routed {
  const parsed = RunPayload.safeParse(raw);
  if (!parsed.success || OWN_CHECKS.has(parsed.data.check_run.name)) return null;
  const run = parsed.data.check_run;
  return checksIntake(id, run.check_suite?.head_branch ?? null, run.head_sha, run.app?.slug ?? null);
}

/** `status` for a SHA that is the head of a module branch (GitHub lists those branches in the payload). */
export function fromStatus(id: string, raw: unknown): Routed {
  const parsed = StatusPayload.safeParse(raw);
  if (!parsed.success || OWN_CHECKS.has(parsed.data.context)) return null;
  const branch = parsed.data.branches.map((b) => b.name).find((name) => parseTaskBranch(name)?.module);
  return branch ? checksIntake(id, branch, parsed.data.sha, null) : null;
}
