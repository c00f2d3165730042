import type { GitIdentity } from "./git.js";
import type { Repo } from "./objects.js";
import type { AppRec, PullStats, Role, SandboxState, UserRec } from "./state.js";
import type { WebhookQueue } from "./webhook-queue.js";

/** Who sent a request: a person, or an app acting through its installation token. */
export interface Actor {
  login: string;
  /** Set when the token belongs to an app (installation token or an Actions `GITHUB_TOKEN`). */
  app?: AppRec;
}

/** The sandbox's internals, handed to every route handler. */
export interface SandboxContext {
  owner: string;
  name: string;
  defaultBranch: string;
  /** False: drafts are refused (a private repository on a Free or Pro plan). */
  draftPullRequests: boolean;
  /** False: the sub-issues API answers 404, as on a GitHub without it (an older GHES). */
  subIssues: boolean;
  repoId: number;
  /** `https://api.github.com/repos/<owner>/<repo>` */
  api: string;
  /** `https://github.com/<owner>/<repo>` */
  html: string;
  repo: Repo;
  state: SandboxState;
  /** The app under test, whose installation receives the webhooks. */
  app: AppRec;
  installationId: number;
  webhooks: WebhookQueue;
  /** Milliseconds since the epoch, from the injected clock. */
  now(): number;
  createdAt: string;
  /** Pull stats by base and head sha: derived from immutable inputs. */
  statsMemo: Map<string, PullStats>;
}

/** The API root every URL in a response starts with. */
export const API = "https://api.github.com";
/** The web root every `html_url` starts with. */
export const WEB = "https://github.com";

/** A timestamp as GitHub writes it: ISO 8601 without milliseconds. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Now, as GitHub writes it. */
export function isoNow(ctx: SandboxContext): string {
  return isoAt(ctx.now());
}

/** The next database id (comments, labels, check runs… share one counter, like GitHub's ids). */
export function nextId(ctx: SandboxContext): number {
  ctx.state.counters.id += 1;
  return ctx.state.counters.id;
}

/** The next issue/pull-request number: issues and pull requests share one sequence. */
export function nextNumber(ctx: SandboxContext): number {
  ctx.state.counters.number += 1;
  return ctx.state.counters.number;
}

/** A GraphQL-style global node id. */
export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
}

/** Looks up an account, creating it on first sight (logins ending in `[bot]` are bots). */
export function ensureUser(ctx: SandboxContext, login: string): UserRec {
  const known = ctx.state.users[login.toLowerCase()];
  if (known) return known;
  const user: UserRec = { login, id: nextId(ctx), type: login.endsWith("[bot]") ? "Bot" : "User" };
  ctx.state.users[login.toLowerCase()] = user;
  return user;
}

/** The account, if the sandbox has seen it. */
export function findUser(ctx: SandboxContext, login: string): UserRec | undefined {
  return ctx.state.users[login.toLowerCase()];
}

/** A user's repository role: the owner is admin, apps' bots get write, others what was set. */
export function roleOf(ctx: SandboxContext, login: string): Role {
  if (login.toLowerCase() === ctx.owner.toLowerCase()) return "admin";
  const set = ctx.state.roles[login.toLowerCase()];
  if (set) return set;
  return login.endsWith("[bot]") ? "write" : "none";
}

/** The author/committer git records for commits made through the API by `login`. */
export function identityOf(ctx: SandboxContext, login: string): GitIdentity {
  const user = ensureUser(ctx, login);
  // GitHub writes bots as `<id>+name[bot]@users.noreply.github.com`; the brackets fail the `email`
  // format of the webhook schemas, so the sandbox spells them `name-bot`.
  return {
    name: login,
    email: `${user.id}+${login.replace(/\[bot\]$/, "-bot")}@users.noreply.github.com`,
    date: Math.floor(ctx.now() / 1000),
  };
}

/** The identity GitHub uses for merge commits and other commits it makes itself. */
export function githubIdentity(ctx: SandboxContext): GitIdentity {
  return { name: "GitHub", email: "noreply@github.com", date: Math.floor(ctx.now() / 1000) };
}

/** How GitHub relates an author to the repository (`author_association`); shown, never trusted. */
export function association(ctx: SandboxContext, login: string): string {
  if (login.toLowerCase() === ctx.owner.toLowerCase()) return "OWNER";
  const role = roleOf(ctx, login);
  if (login.endsWith("[bot]")) return "NONE";
  return role === "none" || role === "read" ? "NONE" : "COLLABORATOR";
}
