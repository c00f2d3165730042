import { roleFromPermission } from "../config/roles.js";
import type { Role } from "../config/schema.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { isFailure } from "./http-error.js";

/**
 * The sender's repository role from the collaborator-permission API (`role_name`), never from
 * `author_association` (DESIGN §1.1). "No access" (404, `none`) reads as `read`: the lowest role the
 * core's events can carry, and below every permission a command or the label can require.
 */
export async function readRole(octokit: GitHubClient, repo: RepoRef, username: string): Promise<Role> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
      ...repo,
      username,
    });
    return roleFromPermission(res.data) ?? "read";
  } catch (error) {
    if (isFailure(error, 404)) return "read";
    throw error;
  }
}
