import { API, ensureUser, nodeId, type SandboxContext, WEB } from "../context.js";
import type { AppRec } from "../state.js";

/** GitHub's `simple-user` for a login. */
export function userShape(ctx: SandboxContext, login: string) {
  const user = ensureUser(ctx, login);
  const url = `${API}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === "Bot" ? "BOT" : "U", user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: user.type === "Bot" ? `${WEB}/apps/${user.login.replace(/\[bot\]$/, "")}` : `${WEB}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

// The `*_url` fields every repository object carries, as [field, path suffix].
const REPO_URLS: ReadonlyArray<[string, string]> = [
  ["forks_url", "/forks"],
  ["keys_url", "/keys{/key_id}"],
  ["collaborators_url", "/collaborators{/collaborator}"],
  ["teams_url", "/teams"],
  ["hooks_url", "/hooks"],
  ["issue_events_url", "/issues/events{/number}"],
  ["events_url", "/events"],
  ["assignees_url", "/assignees{/user}"],
  ["branches_url", "/branches{/branch}"],
  ["tags_url", "/tags"],
  ["blobs_url", "/git/blobs{/sha}"],
  ["git_tags_url", "/git/tags{/sha}"],
  ["git_refs_url", "/git/refs{/sha}"],
  ["trees_url", "/git/trees{/sha}"],
  ["statuses_url", "/statuses/{sha}"],
  ["languages_url", "/languages"],
  ["stargazers_url", "/stargazers"],
  ["contributors_url", "/contributors"],
  ["subscribers_url", "/subscribers"],
  ["subscription_url", "/subscription"],
  ["commits_url", "/commits{/sha}"],
  ["git_commits_url", "/git/commits{/sha}"],
  ["comments_url", "/comments{/number}"],
  ["issue_comment_url", "/issues/comments{/number}"],
  ["contents_url", "/contents/{+path}"],
  ["compare_url", "/compare/{base}...{head}"],
  ["merges_url", "/merges"],
  ["archive_url", "/{archive_format}{/ref}"],
  ["downloads_url", "/downloads"],
  ["issues_url", "/issues{/number}"],
  ["pulls_url", "/pulls{/number}"],
  ["milestones_url", "/milestones{/number}"],
  ["notifications_url", "/notifications{?since,all,participating}"],
  ["labels_url", "/labels{/name}"],
  ["releases_url", "/releases{/id}"],
  ["deployments_url", "/deployments"],
];

/** GitHub's `repository` (also valid as `full-repository` and the webhooks' `repository`). */
export function repositoryShape(ctx: SandboxContext) {
  const openIssues = Object.values(ctx.state.issues).filter((i) => i.state === "open").length;
  const urls = Object.fromEntries(REPO_URLS.map(([field, suffix]) => [field, `${ctx.api}${suffix}`]));
  return {
    id: ctx.repoId,
    node_id: nodeId("R", ctx.repoId),
    name: ctx.name,
    full_name: `${ctx.owner}/${ctx.name}`,
    private: true,
    owner: userShape(ctx, ctx.owner),
    html_url: ctx.html,
    description: null,
    fork: false,
    url: ctx.api,
    ...urls,
    git_url: `git://github.com/${ctx.owner}/${ctx.name}.git`,
    ssh_url: `git@github.com:${ctx.owner}/${ctx.name}.git`,
    clone_url: `${ctx.html}.git`,
    svn_url: ctx.html,
    mirror_url: null,
    homepage: null,
    language: null,
    size: 0,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    open_issues: openIssues,
    open_issues_count: openIssues,
    network_count: 0,
    subscribers_count: 0,
    has_issues: true,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: "private",
    license: null,
    topics: [],
    is_template: false,
    allow_forking: false,
    web_commit_signoff_required: false,
    default_branch: ctx.defaultBranch,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    pushed_at: ctx.createdAt,
  };
}

/** The webhooks' `installation` object (`simple-installation`). */
export function installationRef(ctx: SandboxContext) {
  return { id: ctx.installationId, node_id: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", ctx.installationId) };
}

/** GitHub's `integration` (an app) as check runs and suites show it. */
export function appShape(ctx: SandboxContext, app: AppRec) {
  return {
    id: app.id,
    slug: app.slug,
    client_id: `Iv1.${app.slug}`,
    node_id: nodeId("A", app.id),
    owner: userShape(ctx, ctx.owner),
    name: app.name,
    description: null,
    external_url: `${WEB}/apps/${app.slug}`,
    html_url: `${WEB}/apps/${app.slug}`,
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    permissions: { checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" },
    events: ["check_run", "check_suite", "issue_comment", "issues", "pull_request", "status", "workflow_run"],
  };
}

/** Reaction counts (`reaction-rollup`) for an issue or a comment. */
export function reactionRollup(ctx: SandboxContext, subject: "issue" | "comment", id: number, url: string) {
  const counts: Record<string, number> = {
    "+1": 0,
    "-1": 0,
    laugh: 0,
    confused: 0,
    heart: 0,
    hooray: 0,
    eyes: 0,
    rocket: 0,
  };
  let total = 0;
  for (const r of Object.values(ctx.state.reactions)) {
    if (r.subject !== subject || r.subjectId !== id) continue;
    counts[r.content] = (counts[r.content] ?? 0) + 1;
    total += 1;
  }
  return { url: `${url}/reactions`, total_count: total, ...counts };
}
