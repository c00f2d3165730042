import { Octokit } from "@octokit/rest";
import type { Sandbox } from "../sandbox-types.js";

const quiet = () => undefined;

/** People acting on the repository through the API, each with a personal token. */
export function userClients(sandbox: Sandbox): (login: string) => Octokit {
  const clients = new Map<string, Octokit>();
  return (login) => {
    let client = clients.get(login);
    if (!client) {
      client = new Octokit({
        auth: sandbox.tokenFor(login),
        request: { fetch: sandbox.fetch },
        log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
      });
      clients.set(login, client);
    }
    return client;
  };
}
