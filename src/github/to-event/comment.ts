import { z } from "zod";
import { parseComment } from "../../commands/parse.js";
import { hasRole } from "../../config/roles.js";
import type { Event } from "../../core/events.js";
import { decodeMarker, hasMarker } from "../../protocol/marker.js";
import { Result } from "../../protocol/result.js";
import type { GitHubClient, RepoRef } from "../octokit/client.js";
import { getPull } from "../reads/find-pull.js";
import { readRole } from "../reads/read-role.js";
import { isTrustedResultAuthor } from "../reads/result-author.js";
import { parseTaskBranch } from "../reads/task-branch.js";
import { remember } from "../reconcile/bounded.js";
import { CACHE_LIMITS } from "../reconcile/caches.js";
import { type BuildIO, type Built, type Intake, nothing, type Routed } from "../reconcile/intake.js";
import { reverifyEvents } from "./reverify-comment.js";

const Payload = z.object({
  action: z.literal("created"),
  issue: z.object({
    number: z.number().int().positive(),
    title: z.string(),
    body: z.string().nullish(),
    pull_request: z.object({}).passthrough().nullish(),
    labels: z.array(z.object({ name: z.string() })).nullish(),
  }),
  comment: z.object({
    id: z.number().int().positive(),
    body: z.string(),
    user: z.object({ login: z.string(), type: z.string() }).nullable(),
  }),
});
type Payload = z.infer<typeof Payload>;

/** Module PR titles are `[conductor #<issue>] Phase <n>: <module>` (DESIGN §1.4). */
const TITLE = /^\[conductor #([1-9][0-9]{0,9})\]/;

/**
 * `issue_comment.created` → `ResultPosted`, `CommandReceived` or `CommandMalformed` (edits and deletions
 * are never commands, DESIGN §2). Dropped before any request: comments with neither a command nor a result
 * marker, comments by bots that are not result comments (bots never command), and comments on issues that
 * are not tasks. A PR comment names its task through the PR title, or else through the PR's branch.
 */
export function fromIssueComment(id: string, raw: unknown): Routed {
  const parsed = Payload.safeParse(raw);
  if (!parsed.success) return null;
  const p = parsed.data;
  const isPull = p.issue.pull_request !== null && p.issue.pull_request !== undefined;
  const isReverify = isPull && hasMarker("reverify", p.comment.body);
  const isResult = isPull && !isReverify && hasMarker("result", p.comment.body);
  if (!isResult && !isReverify && (p.comment.user === null || p.comment.user.type === "Bot")) return null;
  const command = isResult || isReverify ? null : parseComment(p.comment.body);
  if (command?.kind === "none") return null;
  const build = (io: BuildIO) =>
    isReverify
      ? reverifyEvents(io, id, moduleOfPull(io, p.issue.number), p.comment)
      : isResult
        ? resultEvents(io, id, p)
        : commandEvents(io, id, p);
  if (!isPull) {
    if (!(p.issue.labels ?? []).some((l) => l.name.startsWith("conductor:"))) return null;
    return { issue: p.issue.number, id, hints: { title: p.issue.title, body: p.issue.body ?? "" }, build };
  }
  const titled = TITLE.exec(p.issue.title)?.[1];
  if (titled) return { issue: Number(titled), id, build };
  return {
    async resolve(octokit: GitHubClient, repo: RepoRef): Promise<Intake | null> {
      const pull = await getPull(octokit, repo, p.issue.number);
      const task = parseTaskBranch(pull.head.ref);
      return task ? { issue: task.issue, id, build } : null;
    },
  };
}

/** The module whose PR this is, if the task has one. */
const moduleOfPull = (io: BuildIO, pr: number): string | undefined => io.record?.modules.find((m) => m.pr === pr)?.key;

async function resultEvents(io: BuildIO, id: string, p: Payload): Promise<Built> {
  const module = moduleOfPull(io, p.issue.number);
  if (!module) return nothing;
  const read = decodeMarker("result", p.comment.body, Result);
  if (!read.ok) {
    io.log.warn({ comment: p.comment.id, problem: read.message }, "result comment does not parse; ignored");
    return nothing;
  }
  const author = p.comment.user?.login ?? "";
  const authorIsApp = isTrustedResultAuthor(author, await io.identity.botLogin(), io.record?.config);
  if (authorIsApp) remember(io.caches.results, p.comment.id, read.value, CACHE_LIMITS.results);
  else io.log.warn({ comment: p.comment.id, author }, "result comment not posted by the app");
  return {
    events: [
      { type: "ResultPosted", id, module, comment_id: p.comment.id, result: read.value, author_is_app: authorIsApp },
    ],
  };
}

async function commandEvents(io: BuildIO, id: string, p: Payload): Promise<Built> {
  if (!io.record && io.unreadable !== true) return nothing;
  const parsed = parseComment(p.comment.body);
  const sender = p.comment.user?.login ?? "";
  const isPull = p.issue.pull_request !== null && p.issue.pull_request !== undefined;
  const module = isPull ? moduleOfPull(io, p.issue.number) : undefined;
  const where = isPull
    ? { kind: "pull" as const, pr: p.issue.number, ...(module ? { module } : {}) }
    : { kind: "issue" as const };
  const comment_id = p.comment.id;
  if (parsed.kind === "none") return nothing;
  if (parsed.kind === "malformed") {
    return {
      events: [{ type: "CommandMalformed", id, comment_id, name: parsed.name, usage: parsed.usage, sender, where }],
    };
  }
  const role = await readRole(io.octokit, io.repo, sender);
  const event: Event = { type: "CommandReceived", id, comment_id, command: parsed.command, sender, role, where };
  // `/retry` takes the configuration afresh (src/core/record.ts `config`). The file is read only when the
  // core could let the sender retry, to spare a request; a broken one is reported as `ConfigInvalid` with the
  // sender's role, and the core decides between the refusal and the list of bad keys.
  if (!io.record || parsed.command.name !== "retry" || !hasRole(role, io.record.config.commands.retry.permission)) {
    return { events: [event] };
  }
  const loaded = await io.readConfig();
  if (!loaded.ok) {
    const cause = { kind: "retry" as const, comment_id, where };
    return { events: [{ type: "ConfigInvalid", id, issue: io.issue, errors: loaded.errors, sender, role, cause }] };
  }
  return { events: [event], config: loaded.config };
}
