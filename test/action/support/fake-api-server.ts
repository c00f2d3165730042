import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMessagesFake, type MessagesFake, type MessagesFakeOptions } from "./fake-messages-api.js";

/** One request the fake server received. */
export interface ServedRequest {
  method: string;
  path: string;
  body: unknown;
  /** Milliseconds (performance.now()) when the request arrived. */
  at: number;
}

export interface FakeApiOptions {
  /** `GET /repos/{owner}/{repo}/pulls/{number}` answers with this. */
  pullRequest: object;
  /** `POST /v1/messages` answers with these, in order (see fake-messages-api.ts). */
  messages: readonly Record<string, unknown>[];
  /** The Messages API fake's context window and token density. */
  messagesApi?: MessagesFakeOptions;
  /** `GET /repos/{owner}/{repo}/issues/comments/{id}` answers with this (a review reads the author's result). */
  comment?: object;
  /**
   * `POST /repos/{owner}/{repo}/pulls/{n}/reviews`: GitHub refuses APPROVE and REQUEST_CHANGES from the
   * pull request's author (422); with `authorReviews` set the fake does the same, as the app opened the PR.
   */
  authorReviews?: boolean;
  /** Problems GitHub would have with a request (e.g. test/helpers/openapi.ts's checkGitHubRequest). */
  checkGitHub?: (request: { method: string; url: string; body?: unknown }) => string[];
}

/** A running fake: point GITHUB_API_URL and ANTHROPIC_BASE_URL at `url`. */
export interface FakeApi {
  url: string;
  requests: ServedRequest[];
  /** Unmatched requests, an exhausted script and OpenAPI problems. */
  problems: string[];
  /** The Messages API's view of each of its requests (prompt tokens, refusals). */
  messages: MessagesFake;
  /** The `x-api-key` of each Messages API request: the key the model's vendor would see. */
  apiKeys: string[];
  close(): Promise<void>;
}

/**
 * GitHub and the Anthropic Messages API played by one HTTP server on 127.0.0.1, for the committed
 * bundle run as a child process (nock cannot reach into another process) and for the benchmark.
 */
export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const requests: ServedRequest[] = [];
  const problems: string[] = [];
  const messages = createMessagesFake(options.messages, options.messagesApi);
  const apiKeys: string[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const text = Buffer.concat(chunks).toString("utf8");
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    requests.push({ method, path, body, at });
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
    };
    const pathname = path.split("?")[0] ?? "";
    if (method === "POST" && pathname === "/v1/messages") {
      apiKeys.push(String(req.headers["x-api-key"] ?? ""));
      const answer = messages.answer(text);
      if (answer.status !== 200) problems.push(`Messages API refused request ${messages.seen.length}: ${answer.text}`);
      res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.text);
      return;
    }
    for (const problem of options.checkGitHub?.({ method, url: path, body }) ?? []) problems.push(problem);
    if (method === "GET" && /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+$/.test(pathname)) return send(200, options.pullRequest);
    if (method === "GET" && /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/.test(pathname) && options.comment) {
      return send(200, options.comment);
    }
    if (method === "POST" && /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews$/.test(pathname)) {
      const event = (body as { event?: string } | undefined)?.event;
      if (options.authorReviews && event !== "COMMENT") {
        const verb = event === "APPROVE" ? "approve" : "request changes on";
        return send(422, { message: "Unprocessable Entity", errors: [`Can not ${verb} your own pull request`] });
      }
      return send(200, { id: 77, html_url: "https://github.com/o/r/pull/12#pullrequestreview-77" });
    }
    if (method === "POST" && pathname === "/graphql") {
      return send(200, { data: { markPullRequestReadyForReview: { pullRequest: { isDraft: false } } } });
    }
    if (method === "POST" && /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(pathname)) {
      return send(201, { id: 1, html_url: "https://github.com/o/r/pull/1#issuecomment-1" });
    }
    problems.push(`unmatched request: ${method} ${path}`);
    return send(404, { message: "Not Found" });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      problems.push(`fake server error: ${String(error)}`);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    messages,
    apiKeys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
