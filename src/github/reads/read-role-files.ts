import { z } from "zod";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";

/** Where a repository keeps its role texts (docs/spec-format.md#roles). */
export const ROLES_DIR = ".github/conductor/roles";

const Entry = z.object({ name: z.string(), type: z.string() });
const FileData = z.object({ content: z.string() });

/**
 * The texts of `.github/conductor/roles/<role>.md` at `ref` for the roles a plan names: one request when
 * the folder does not exist (the common case), else one more per named role that has a file. Read from
 * the base branch, never a module branch, so an executor cannot rewrite the brief of a later attempt.
 */
export async function readRoleFiles(
  octokit: GitHubClient,
  repo: RepoRef,
  ref: string,
  names: readonly string[],
): Promise<Record<string, string>> {
  if (names.length === 0) return {};
  let entries: z.infer<typeof Entry>[];
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: ROLES_DIR, ref });
    const listed = z.array(Entry).safeParse(res.data);
    if (!listed.success) return {};
    entries = listed.data;
  } catch (error) {
    if (isFailure(error, 404)) return {};
    throw error;
  }
  const texts: Record<string, string> = {};
  for (const name of names) {
    if (!entries.some((e) => e.type === "file" && e.name === `${name}.md`)) continue;
    const res = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      ...repo,
      path: `${ROLES_DIR}/${name}.md`,
      ref,
    });
    const text = Buffer.from(FileData.parse(res.data).content, "base64").toString("utf8").trim();
    if (text !== "") texts[name] = text;
  }
  return texts;
}
