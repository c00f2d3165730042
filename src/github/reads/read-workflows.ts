import { z } from "zod";
import type { RepoFile } from "../../doctor/diagnose.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";

const DIR = ".github/workflows";
const Entry = z.object({ name: z.string(), path: z.string(), type: z.string() });
const File = z.object({ content: z.string(), encoding: z.literal("base64") });
/** A repository with more workflows than this is read in part (the doctor says what it read). */
const MAX_FILES = 50;

/**
 * The workflow files at `ref` through the contents API: the directory listing, then each `.yml`/`.yaml`
 * file (base64 in the JSON answer). No `.github/workflows` is no workflows. Reads only; the decisions are
 * the doctor's (src/doctor/diagnose.ts).
 */
export async function readWorkflows(octokit: GitHubClient, repo: RepoRef, ref: string): Promise<RepoFile[]> {
  let listing: unknown;
  try {
    listing = (await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: DIR, ref })).data;
  } catch (error) {
    if (isFailure(error, 404)) return [];
    throw error;
  }
  const entries = z.array(Entry).parse(listing);
  const files = entries.filter((e) => e.type === "file" && /\.ya?ml$/.test(e.name)).slice(0, MAX_FILES);
  const read: RepoFile[] = [];
  for (const entry of files) {
    const { data } = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: entry.path,
      ref,
    });
    const file = File.parse(data);
    read.push({ path: entry.path, text: Buffer.from(file.content, "base64").toString("utf8") });
  }
  return read;
}
