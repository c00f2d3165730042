import { z } from "zod";
import { API, findUser, isoAt, nextId, nodeId, roleOf, type SandboxContext, WEB } from "../context.js";
import { json, listResponse, notFound, paginate, param, parseBody, type Route, requireRole, route } from "../http.js";
import { appShape, repositoryShape, userShape } from "../shapes/common.js";
import type { Role } from "../state.js";

const PERMISSIONS = {
  checks: "write",
  contents: "write",
  issues: "write",
  metadata: "read",
  pull_requests: "write",
  statuses: "write",
  actions: "write",
};

function installationShape(ctx: SandboxContext) {
  const owner = userShape(ctx, ctx.owner);
  return {
    id: ctx.installationId,
    account: owner,
    repository_selection: "selected",
    access_tokens_url: `${API}/app/installations/${ctx.installationId}/access_tokens`,
    repositories_url: `${API}/installation/repositories`,
    html_url: `${WEB}/settings/installations/${ctx.installationId}`,
    app_id: ctx.app.id,
    app_slug: ctx.app.slug,
    target_id: owner.id,
    target_type: owner.type,
    permissions: PERMISSIONS,
    events: [
      "check_run",
      "check_suite",
      "issue_comment",
      "issues",
      "pull_request",
      "pull_request_review",
      "status",
      "workflow_run",
    ],
    created_at: ctx.createdAt,
    updated_at: ctx.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

// GitHub's legacy `permission` field folds maintain into write and triage into read.
const LEGACY: Record<Role, string> = {
  admin: "admin",
  maintain: "write",
  write: "write",
  triage: "read",
  read: "read",
  none: "none",
};

function collaboratorShape(ctx: SandboxContext, login: string) {
  const role = roleOf(ctx, login);
  const at = (r: Role[]) => r.includes(role);
  return {
    ...userShape(ctx, login),
    permissions: {
      admin: at(["admin"]),
      maintain: at(["admin", "maintain"]),
      push: at(["admin", "maintain", "write"]),
      triage: at(["admin", "maintain", "write", "triage"]),
      pull: role !== "none",
    },
    role_name: role,
  };
}

/** Emits `installation_repositories`: the app's installation gained or lost this repository. */
export function emitInstallationRepositories(ctx: SandboxContext, action: "added" | "removed"): void {
  const repository = {
    id: ctx.repoId,
    node_id: nodeId("R", ctx.repoId),
    name: ctx.name,
    full_name: `${ctx.owner}/${ctx.name}`,
    private: true,
  };
  ctx.webhooks.push("installation_repositories", {
    action,
    installation: installationShape(ctx),
    repository_selection: "selected",
    repositories_added: action === "added" ? [repository] : [],
    repositories_removed: action === "removed" ? [repository] : [],
    requester: null,
    sender: userShape(ctx, ctx.owner),
  });
}

const CreateToken = z.object({
  repositories: z.array(z.string()).optional(),
  repository_ids: z.array(z.number()).optional(),
  permissions: z.record(z.string(), z.string()).optional(),
});

/** Repository metadata, the app and its installation, collaborators. */
export const repoRoutes: Route[] = [
  route("GET", "/repos/{owner}/{repo}", (ctx, req) => {
    requireRole(ctx, req, "read");
    return json(200, repositoryShape(ctx));
  }),
  route("GET", "/repos/{owner}/{repo}/installation", (ctx) => json(200, installationShape(ctx))),
  route("GET", "/app", (ctx, req) => json(200, appShape(ctx, req.actor.app ?? ctx.app))),
  // What a restarted app rebuilds its tasks from (src/github/sweep/sweep.ts): the one installation, then its
  // repositories (the sandbox's one repository).
  route("GET", "/app/installations", (ctx, req) => {
    // This operation's description joins the account's two shapes with `allOf` (user and enterprise, where
    // `installation` elsewhere says `anyOf`): the enterprise's required fields are added so it checks.
    const installation = installationShape(ctx);
    const { account } = installation;
    const enterprise = {
      name: account.login,
      slug: account.login,
      created_at: ctx.createdAt,
      updated_at: ctx.createdAt,
    };
    return listResponse(req, [{ ...installation, account: { ...account, ...enterprise } }]);
  }),
  route("GET", "/installation/repositories", (ctx, req) => {
    const { items, headers } = paginate(req, [repositoryShape(ctx)]);
    return json(200, { total_count: 1, repository_selection: "selected", repositories: items }, headers);
  }),
  route("GET", "/app/installations/{installation_id}", (ctx, req) =>
    param(req, "installation_id") === String(ctx.installationId) ? json(200, installationShape(ctx)) : notFound(),
  ),
  route("POST", "/app/installations/{installation_id}/access_tokens", (ctx, req) => {
    if (param(req, "installation_id") !== String(ctx.installationId)) notFound();
    const body = parseBody(CreateToken, req.body);
    const app = req.actor.app ?? ctx.app;
    const token = `ghs_sandbox${app.id}x${nextId(ctx)}`;
    ctx.state.tokens[token] = `app:${app.slug}`;
    return json(201, {
      token,
      expires_at: isoAt(ctx.now() + 3_600_000),
      permissions: body.permissions ?? PERMISSIONS,
      repository_selection: "selected",
      repositories: [repositoryShape(ctx)],
    });
  }),
  route("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", (ctx, req) => {
    requireRole(ctx, req, "read");
    const login = param(req, "username");
    const user = findUser(ctx, login) ?? notFound();
    const role = roleOf(ctx, user.login);
    return json(200, { permission: LEGACY[role], role_name: role, user: collaboratorShape(ctx, user.login) });
  }),
  route("GET", "/repos/{owner}/{repo}/collaborators/{username}", (ctx, req) => {
    requireRole(ctx, req, "read");
    const user = findUser(ctx, param(req, "username"));
    return user && roleOf(ctx, user.login) !== "none" ? { status: 204 } : notFound();
  }),
  route("GET", "/repos/{owner}/{repo}/collaborators", (ctx, req) => {
    requireRole(ctx, req, "read");
    const logins = [ctx.owner, ...Object.keys(ctx.state.roles)].filter((l, i, all) => all.indexOf(l) === i);
    return json(
      200,
      logins.filter((l) => roleOf(ctx, l) !== "none").map((l) => collaboratorShape(ctx, l)),
    );
  }),
];
