import { z } from "zod";
import type { GitHubClient } from "../octokit/client.js";

/** Who the app is on GitHub: the login its installation token writes as, e.g. `conductor[bot]`. */
export interface AppIdentity {
  /** `<slug>[bot]`: the only author whose result comments count (DESIGN §5). */
  botLogin(): Promise<string>;
}

/**
 * The bot login from `APP_SLUG` when set (no request; also what Actions-hosted mode and the sandbox use),
 * else from `GET /app` made once with the app's JWT client. A failed read is not cached, so the next
 * event tries again instead of rejecting every result comment for the life of the process.
 */
export function appIdentity(slug: string | undefined, appClient: () => Promise<GitHubClient>): AppIdentity {
  let known: Promise<string> | undefined = slug ? Promise.resolve(`${slug}[bot]`) : undefined;
  return {
    botLogin() {
      known ??= (async () => {
        const res = await (await appClient()).request("GET /app");
        return `${z.object({ slug: z.string().min(1) }).parse(res.data).slug}[bot]`;
      })().catch((error: unknown) => {
        known = undefined;
        throw error;
      });
      return known;
    },
  };
}
