import type { Event } from "../../core/events.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { readSubIssueMarker, renderSubIssueBody } from "../sub-issues/sub-issue-body.js";
import { addSubIssue, listSubIssues, SubIssueData, unavailable } from "../sub-issues/sub-issues-api.js";
import { outcomeId, type Performer, requireRecord } from "./perform-env.js";
import { setIssueState } from "./set-sub-issue-state.js";

/** How many of the app's newest issues are searched for one it created but could not link before a crash. */
const RECENT = 30;

/**
 * Rule: a module has one sub-issue, found again by its marker (docs/task-graph.md#sub-issues) — first among
 * the task issue's sub-issues, then among the newest issues the app opened (a crash between creating the issue
 * and linking it leaves one there). Only issues the app wrote count, so no one can hand Conductor an issue by
 * copying the marker. A found issue that is closed (an earlier life of the task) is reopened.
 *
 * The sub-issues API is read before anything is created, so a GitHub without it (404), or an app that lacks
 * the permission (403), costs no stray issue: the outcome is `SubIssuesUnavailable` and the task goes on. An
 * issue created and then refused as a sub-issue is closed as not planned.
 */
export const openSubIssue: Performer<"OpenSubIssue"> = async (effect, env) => {
  const r = requireRecord(env);
  const m = r.modules.find((x) => x.key === effect.module);
  if (!m) return [];
  const gone = (error: string): Event[] => [{ type: "SubIssuesUnavailable", id: outcomeId(effect), error }];
  const bot = await env.identity.botLogin();
  const ours = (i: SubIssueData) => {
    const marker = readSubIssueMarker(i.body);
    return i.user?.login === bot && marker?.task === env.issue && marker.module === effect.module;
  };
  let linked: SubIssueData[];
  try {
    linked = await listSubIssues(env.octokit, env.repo, env.issue);
  } catch (error) {
    const why = unavailable(error);
    if (why === undefined) throw error;
    return gone(why);
  }
  let found = linked.find(ours);
  if (!found) {
    let child = (await recentIssues(env.octokit, env.repo, bot)).find(ours);
    if (!child) {
      const res = await env.octokit.request("POST /repos/{owner}/{repo}/issues", {
        ...env.repo,
        title: effect.title,
        body: renderSubIssueBody(r, m),
        // Not retried at the HTTP level: a 502 may come after GitHub made the issue, and a blind repeat would
        // make a second one. The effect is retried instead, and its search above finds the first.
        request: { retries: 0 },
      });
      child = SubIssueData.parse(res.data);
    }
    try {
      await addSubIssue(env.octokit, env.repo, env.issue, child.id);
    } catch (error) {
      const why = unavailable(error);
      if (why === undefined) throw error;
      await setIssueState(env, child.number, "closed", "not_planned");
      return gone(why);
    }
    found = child;
  }
  if (found.state !== "open") await setIssueState(env, found.number, "open", "reopened");
  return [
    {
      type: "SubIssueOpened",
      id: outcomeId(effect),
      module: effect.module,
      number: found.number,
      issue_id: found.id,
      assignees: found.assignees,
    },
  ];
};

/** The app's newest issues (pull requests left out), where an issue it created but did not link would be. */
async function recentIssues(octokit: GitHubClient, repo: RepoRef, bot: string): Promise<SubIssueData[]> {
  const res = await octokit.request("GET /repos/{owner}/{repo}/issues", {
    ...repo,
    creator: bot,
    state: "all",
    sort: "created",
    direction: "desc",
    per_page: RECENT,
  });
  return res.data.flatMap((i) => {
    const parsed = SubIssueData.safeParse(i);
    return parsed.success && !i.pull_request ? [parsed.data] : [];
  });
}
