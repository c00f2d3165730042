/**
 * Finding the task from a branch name (DESIGN §7): every branch Conductor makes is `conductor/<issue>/…`
 * (the integration branch, module branches `conductor/<issue>/p<phase>-<slug>`, restore branches), so a
 * PR, check suite, status or workflow run on one of them names its task without a request.
 */
const TASK = /^(?:refs\/heads\/)?conductor\/([1-9][0-9]{0,9})\/([^/]+)$/;
const MODULE_KEY = /^p[1-9][0-9]*-[a-z0-9][a-z0-9-]*$/;

/** What a Conductor branch says: the task's issue, and the module key when it is a module branch. */
export type TaskBranch = { issue: number; module: string | null };

/** Reads `conductor/<issue>/…`; `null` for any other branch (it is not Conductor's business). */
export function parseTaskBranch(ref: string | null | undefined): TaskBranch | null {
  const match = ref ? TASK.exec(ref) : null;
  if (!match?.[1] || !match[2]) return null;
  return { issue: Number(match[1]), module: MODULE_KEY.test(match[2]) ? match[2] : null };
}
