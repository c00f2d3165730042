import type { Brief } from "../../../src/protocol/brief.js";
import { decodeMarker } from "../../../src/protocol/marker.js";
import { Result } from "../../../src/protocol/result.js";
import type { StrictHttp } from "../../helpers/strict-http.js";
import { createMessagesFake, type MessagesFake, type MessagesFakeOptions } from "./fake-messages-api.js";
import { OWNER, PR_NUMBER, pullRequest, REPO } from "./fixtures.js";
import type { TestRepo } from "./test-repo.js";

const PR_PATH = `/repos/${OWNER}/${REPO}/pulls/${PR_NUMBER}`;
const COMMENTS_PATH = `/repos/${OWNER}/${REPO}/issues/${PR_NUMBER}/comments`;

/** Which GitHub calls a run is expected to make after reading the PR. */
export interface GitHubExpectations {
  ready?: boolean;
  comment?: boolean;
  /** How many times the PR is read: 2 (work and publish) unless a test plays one job. */
  reads?: number;
}

/**
 * Declares the GitHub side of one run on the strict mock: the PR with the brief, and (unless told
 * otherwise) the ready-for-review mutation and the result comment.
 */
export function fakeGitHub(http: StrictHttp, brief: Brief, repo: TestRepo, expect: GitHubExpectations = {}): void {
  const github = http.github();
  // Read twice: by the work job (read-only token) and by the publish job (the App's token).
  github
    .get(PR_PATH)
    .times(expect.reads ?? 2)
    .reply(200, pullRequest(brief, repo.headSha, repo.branch));
  if (expect.ready ?? true) {
    github
      .post("/graphql")
      .reply(200, { data: { markPullRequestReadyForReview: { pullRequest: { isDraft: false } } } });
  }
  if (expect.comment ?? true) {
    github.post(COMMENTS_PATH).reply(201, {
      id: 99,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${PR_NUMBER}#issuecomment-99`,
    });
  }
}

/** The body of the result comment the run posted. */
export function postedComment(http: StrictHttp): string {
  const [request] = http.find("POST", COMMENTS_PATH);
  const body = request?.body;
  if (typeof body !== "object" || body === null || !("body" in body) || typeof body.body !== "string") {
    throw new Error("no result comment was posted");
  }
  return body.body;
}

/** The result in the posted comment's hidden marker, decoded. */
export function postedResult(http: StrictHttp): Result {
  const read = decodeMarker("result", postedComment(http), Result);
  if (!read.ok) throw new Error(read.message);
  return read.value;
}

/**
 * Declares the scripted Messages API replies, in order, served by the fake of fake-messages-api.ts
 * (streamed when the request streams; over-window and unanswered-tool-call requests refused).
 */
export function scriptAnthropic(
  http: StrictHttp,
  replies: readonly Record<string, unknown>[],
  options: MessagesFakeOptions = {},
): MessagesFake {
  const fake = createMessagesFake(replies, options);
  const anthropic = http.anthropic();
  for (const _ of replies) {
    anthropic
      .post("/v1/messages")
      .query(true)
      .reply(async (request) => {
        const answer = fake.answer(await request.text());
        return [answer.status, answer.text, { "content-type": answer.contentType }];
      });
  }
  return fake;
}

/** The JSON bodies the SDK sent to the Messages API, in order. */
export function sentMessages(http: StrictHttp): MessagesBody[] {
  return http.find("POST", "/v1/messages").map((r) => r.body as MessagesBody);
}

/** The parts of a Messages request body the tests look at. */
export interface MessagesBody {
  model: string;
  system: { type: string; text: string; cache_control?: unknown }[];
  tools: { name: string; cache_control?: unknown }[];
  messages: {
    role: string;
    content: string | { type: string; content?: unknown; is_error?: boolean; tool_use_id?: string }[];
  }[];
  cache_control?: unknown;
  thread?: unknown;
}

/** The text of the tool results in one request's last message. */
export function toolResults(body: MessagesBody | undefined): { text: string; isError: boolean }[] {
  const last = body?.messages.at(-1);
  if (!last || typeof last.content === "string") return [];
  return last.content
    .filter((block) => block.type === "tool_result")
    .map((block) => ({
      text: typeof block.content === "string" ? block.content : JSON.stringify(block.content),
      isError: block.is_error === true,
    }));
}
