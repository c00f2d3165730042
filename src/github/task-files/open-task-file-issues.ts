import { z } from "zod";
import type { Config } from "../../config/schema.js";
import { readTaskFileMarker, type TaskFileMarker } from "../../plan/task-file/find-task-file.js";
import { parseTaskFile } from "../../plan/task-file/parse-task-file.js";
import { OUTGOING_DIR, outgoingSequence } from "../../plan/task-file/task-file-path.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";
import { listLabelledIssues } from "../reads/list-labelled-issues.js";
import type { Log } from "../reconcile/log.js";
import { TASK_FILE_LABEL, taskFileIssue } from "./task-file-issue.js";
import { addedTaskFiles, type PushPayload } from "./task-file-push.js";

const FileData = z.object({ sha: z.string(), content: z.string() });
const DirEntry = z.object({ name: z.string(), path: z.string(), type: z.string() });

/** What opening task issues needs: a client for the repository and its configuration at the pushed head. */
export interface TaskFileEnv {
  octokit: GitHubClient;
  repo: RepoRef;
  log: Log;
  readConfig(): Promise<Config | null>;
}

/**
 * `triggers.task_files` (docs/spec-format.md#task-files): a push to the default branch that adds
 * `orchestrator/outgoing/NNN_*.json` opens one task issue per file, labelled with the trigger label (the
 * app's own labelling starts the task: `to-event/issues.ts`) and `conductor:task-file`. Deduplicated by
 * path and blob: an issue whose marker names the same file at the same blob is the task already, so a
 * redelivered push, or a push that re-adds an unchanged file, opens nothing. Returns the issues opened.
 */
export async function openTaskFileIssues(env: TaskFileEnv, payload: PushPayload): Promise<number[]> {
  const paths = addedTaskFiles(payload);
  if (paths.length === 0) return [];
  const config = await env.readConfig();
  if (config === null || !config.triggers.task_files) return [];
  const known = await knownTaskFiles(env);
  const opened: number[] = [];
  for (const path of paths) {
    const file = await readFile(env, path, payload.after);
    if (file === null) continue; // removed again by a later push: nothing to do
    if (known.some((m) => m.path === path && m.blob === file.sha)) continue;
    const parsed = parseTaskFile(file.text);
    const marker: TaskFileMarker = { path, blob: file.sha, follows: await previousReview(env, path, payload.after) };
    const { title, body } = taskFileIssue(marker, file.text, parsed.ok ? parsed.file.review_id : null, payload.after);
    const res = await env.octokit.request("POST /repos/{owner}/{repo}/issues", {
      ...env.repo,
      title,
      body,
      labels: [config.trigger.label, TASK_FILE_LABEL],
    });
    const issue = z.object({ number: z.number().int().positive() }).parse(res.data).number;
    env.log.info({ path, blob: file.sha, issue }, "task file: opened its task issue");
    opened.push(issue);
  }
  return opened;
}

/** The markers of the task issues already opened from task files (open or closed). */
async function knownTaskFiles(env: TaskFileEnv): Promise<TaskFileMarker[]> {
  return (await listLabelledIssues(env.octokit, env.repo, TASK_FILE_LABEL)).flatMap((issue) => {
    const marker = readTaskFileMarker(issue.body);
    return marker === null ? [] : [marker];
  });
}

async function readFile(env: TaskFileEnv, path: string, ref: string): Promise<{ sha: string; text: string } | null> {
  try {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...env.repo, path, ref });
    const file = FileData.parse(res.data);
    return { sha: file.sha, text: Buffer.from(file.content, "base64").toString("utf8") };
  } catch (error) {
    if (isFailure(error, 404)) return null;
    throw error;
  }
}

/**
 * The `review_id` of the task file this one follows: `NNN-1` in the same folder at the pushed head, when
 * there is exactly one such file and it reads. A follow-up names it, so the record and the issue say
 * which review it continues.
 */
async function previousReview(env: TaskFileEnv, path: string, ref: string): Promise<string | null> {
  const sequence = outgoingSequence(path);
  if (sequence === null || sequence <= 1) return null;
  let entries: z.infer<typeof DirEntry>[];
  try {
    const res = await env.octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...env.repo,
      path: OUTGOING_DIR,
      ref,
    });
    entries = z.array(DirEntry).parse(res.data);
  } catch (error) {
    if (isFailure(error, 404)) return null;
    throw error;
  }
  const previous = entries.filter((e) => e.type === "file" && outgoingSequence(e.path) === sequence - 1);
  if (previous.length !== 1 || previous[0] === undefined) return null;
  const file = await readFile(env, previous[0].path, ref);
  const parsed = file === null ? null : parseTaskFile(file.text);
  return parsed?.ok ? parsed.file.review_id : null;
}
