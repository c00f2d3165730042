import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Accounting } from "./accounting.js";
import { API, ensureUser, isoAt, type SandboxContext, WEB } from "./context.js";
import { Faults } from "./faults.js";
import { gitText } from "./git.js";
import { graphql } from "./graphql.js";
import { createLock } from "./lock.js";
import { loadOpenApiChecker } from "./openapi-check.js";
import { scanBranches } from "./ops/branches.js";
import { ACTIONS_APP } from "./ops/run-checks.js";
import { setRunStatus } from "./ops/workflows.js";
import { ContentLimiter, RateLimiter } from "./rate-limit.js";
import { listRefs } from "./refs.js";
import { openRepo } from "./repo.js";
import { type ContractViolation, createRouter, type ResponseProblem } from "./router.js";
import { allRoutes } from "./routes/index.js";
import { emitInstallationRepositories } from "./routes/repos.js";
import type { Sandbox, SandboxOptions } from "./sandbox-types.js";
import { type AppRec, emptyState, type Role } from "./state.js";
import { WebhookQueue } from "./webhook-queue.js";

export type { Sandbox, SandboxOptions } from "./sandbox-types.js";

/**
 * Installation ids are unique across GitHub, and clients rely on it: @octokit/auth-app shares its
 * in-flight token requests process-wide, keyed by installation id alone (`pendingPromises` in
 * get-installation-authentication.js). Two sandboxes in one process that both said "installation 1"
 * handed one world's token to the other's app, which its sandbox rightly refused with 401. So each
 * sandbox of a process gets its own id; the first is still 1.
 */
let installations = 0;

/** Creates a sandbox: a bare repository with a first commit on the default branch, and empty state. */
export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "conductor-sandbox-")));
  const owner = options.owner ?? "octo-org";
  const name = options.repo ?? "demo";
  const defaultBranch = options.defaultBranch ?? "main";
  const now = options.clock ?? Date.now;
  const state = emptyState();
  const appSlug = options.app?.slug ?? "conductor";
  const app: AppRec = {
    id: options.app?.id ?? 1,
    slug: appSlug,
    name: options.app?.name ?? "Conductor",
    bot: `${appSlug}[bot]`,
  };
  state.apps[app.slug] = app;
  state.apps[ACTIONS_APP.slug] = ACTIONS_APP;
  const repo = await openRepo(dir, defaultBranch, options.seed ?? {}, {
    name: owner,
    email: `${owner}@users.noreply.github.com`,
    date: Math.floor(now() / 1000),
  });
  const ctx: SandboxContext = {
    owner,
    name,
    defaultBranch,
    draftPullRequests: options.draftPullRequests ?? true,
    subIssues: options.subIssues ?? true,
    repoId: 1296269,
    api: `${API}/repos/${owner}/${name}`,
    html: `${WEB}/${owner}/${name}`,
    repo,
    state,
    app,
    installationId: options.installationId ?? ++installations,
    webhooks: new WebhookQueue(),
    now,
    createdAt: isoAt(now()),
    statsMemo: new Map(),
  };
  ensureUser(ctx, owner);
  ensureUser(ctx, app.bot);
  ensureUser(ctx, ACTIONS_APP.bot);
  for (const [ref, sha] of await listRefs(repo, "refs/heads/")) state.heads[ref.slice(11)] = sha;
  const faults = new Faults();
  if (options.faults) faults.setRandom(options.faults);
  const accounting = new Accounting();
  const lock = createLock();
  const violations: ContractViolation[] = [];
  const responseProblems: ResponseProblem[] = [];
  const internalErrors: Error[] = [];
  const fetch = createRouter({
    ctx,
    routes: allRoutes,
    graphql,
    checker:
      options.validate === false ? undefined : await loadOpenApiChecker({ responses: options.checkResponses ?? false }),
    checkResponses: options.checkResponses ?? false,
    faults,
    accounting,
    rateLimiter: new RateLimiter(options.rateLimit ?? 5000),
    contentLimiter: options.contentLimits ? new ContentLimiter(options.contentLimits) : undefined,
    violations,
    responseProblems,
    internalErrors,
    lock,
  });
  const tokenFor = (login: string) => {
    const user = ensureUser(ctx, login);
    const token = `gho_sandbox_${user.login}`;
    state.tokens[token] = user.login;
    return token;
  };
  const addApp: Sandbox["addApp"] = ({ slug, name: appName, id }) => {
    const added: AppRec = {
      id: id ?? 1000 + Object.keys(state.apps).length,
      slug,
      name: appName ?? slug,
      bot: `${slug}[bot]`,
    };
    state.apps[slug] = added;
    ensureUser(ctx, added.bot);
    return added;
  };
  const setPermission = (login: string, role: Role) => {
    ensureUser(ctx, login);
    state.roles[login.toLowerCase()] = role;
  };
  return {
    fetch,
    owner,
    repo: name,
    defaultBranch,
    gitDir: repo.gitDir,
    installationId: ctx.installationId,
    app,
    webhooks: ctx.webhooks,
    faults,
    tokenFor,
    installationToken(slug = app.slug) {
      const token = `ghs_sandbox_${slug}`;
      if (!state.apps[slug]) throw new Error(`no app ${slug}; addApp first`);
      state.tokens[token] = `app:${slug}`;
      return token;
    },
    addApp,
    setPermission,
    addCollaborator: (login, role = "write") => setPermission(login, role),
    receivePush: (pusher = owner) => lock(() => scanBranches(ctx, pusher)),
    setRunStatus: (runId, status, conclusion, log) =>
      lock(async () => {
        const run = state.runs[runId];
        if (!run) throw new Error(`no workflow run ${runId}`);
        if (log !== undefined) run.log = log;
        await setRunStatus(ctx, run, status, conclusion ?? null, run.actor);
      }),
    installationRepositories: (action) => lock(async () => emitInstallationRepositories(ctx, action)),
    git: (args) => gitText(repo.git, args),
    state: () => state,
    snapshot: () =>
      lock(async () => ({ state: structuredClone(state), refs: Object.fromEntries(await listRefs(repo)) })),
    calls: () => accounting.report(),
    requestLog: () => accounting.log(),
    resetCalls: () => accounting.reset(),
    violations: () => violations,
    responseProblems: () => responseProblems,
    internalErrors: () => internalErrors,
    async close() {
      repo.cat.close();
      if (ownsDir) await rm(dir, { recursive: true, force: true });
      else await rm(join(dir, "tmp"), { recursive: true, force: true });
    },
  };
}
