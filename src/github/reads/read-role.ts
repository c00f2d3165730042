import { roleFromPermission } from "../../config/roles.js";
import type { Role } from "../../config/schema.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { isFailure } from "../octokit/http-error.js";

/**
 * The sender's repository role from the collaborator-permission API (`role_name`), never from
 * `author_association` (DESIGN §1.1), or `null` for no access: a 404 (not a collaborator of a private
 * repository) or `none`. No access must not pass for `read`, or anyone could use `/status` and `/help` on a
 * private repository; on a public one GitHub itself answers `read` for everyone.
 */
export async function readRole(octokit: GitHubClient, repo: RepoRef, username: string): Promise<Role | null> {
  try {
    const res = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
      ...repo,
      username,
    });
    return roleFromPermission(res.data);
  } catch (error) {
    if (isFailure(error, 404)) return null;
    throw error;
  }
}
