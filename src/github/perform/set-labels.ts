import { z } from "zod";
import { STATUS_LABELS } from "../../core/labels.js";
import { isFailure } from "../octokit/http-error.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import type { PerformEnv, Performer } from "./perform-env.js";

/** How Conductor's status labels look when it creates them. */
export const LABEL_STYLE: Record<string, { color: string; description: string }> = {
  [STATUS_LABELS.running]: { color: "1d76db", description: "Conductor is working on this issue" },
  [STATUS_LABELS.blocked]: { color: "d93f0b", description: "Conductor needs a human: see the escalation comment" },
  [STATUS_LABELS.done]: { color: "0e8a16", description: "Conductor finished every phase; the final PR is open" },
  [STATUS_LABELS.aborted]: { color: "6a737d", description: "Conductor stopped working on this issue" },
};

/**
 * Creates the label in the repository with its colour and description unless it exists (422), once per
 * process and repository: adding a missing label to an issue would create it grey and unexplained.
 */
async function ensureLabel(env: PerformEnv, name: string): Promise<void> {
  const key = `${env.repo.owner}/${env.repo.repo}:${name}`;
  const style = LABEL_STYLE[name];
  if (!style || env.caches.labels.has(key)) return;
  try {
    await env.octokit.request("POST /repos/{owner}/{repo}/labels", { ...env.repo, name, ...style });
  } catch (error) {
    if (!isFailure(error, 422)) throw error;
  }
  remember(env.caches.labels, key, true, CACHE_LIMITS.labels);
}

/**
 * Rule: the issue ends with the labels added and removed, whatever it had: labels it already has are not
 * added again, labels it lacks are not removed (a 404 on removal means someone else removed it first).
 */
export const setLabels: Performer<"SetLabels"> = async (effect, env) => {
  for (const name of effect.add) await ensureLabel(env, name);
  const res = await env.octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    ...env.repo,
    issue_number: env.issue,
    per_page: 100,
  });
  const present = new Set(
    z
      .array(z.object({ name: z.string() }))
      .parse(res.data)
      .map((l) => l.name),
  );
  const add = effect.add.filter((name) => !present.has(name));
  if (add.length > 0) {
    await env.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      ...env.repo,
      issue_number: env.issue,
      labels: add,
    });
  }
  for (const name of effect.remove.filter((n) => present.has(n))) {
    try {
      await env.octokit.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
        ...env.repo,
        issue_number: env.issue,
        name,
      });
    } catch (error) {
      if (!isFailure(error, 404)) throw error;
    }
  }
  return [];
};
