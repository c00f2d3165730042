import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { RequestGate } from "./budget-gate.js";
import { usageTap } from "./responses-usage.js";

/** What a CLI engine is given instead of its API key: not a credential, and not shaped like one. */
export const PLACEHOLDER_KEY = "conductor-holds-the-key";

/** How the vendor's API takes its key. */
export type KeyHeader = "x-api-key" | "authorization-bearer";

export interface KeyProxy {
  /** The base URL the CLI is pointed at: `http://127.0.0.1:<port>`, the upstream's path after it. */
  url: string;
  close(): Promise<void>;
}

/**
 * A loopback forwarder that holds the API key for a CLI engine (DESIGN §8, docs/security.md#cli-engines):
 * the CLI and every command it runs see only `PLACEHOLDER_KEY`, and each request the CLI sends here
 * leaves for `upstream` with the real key in place of whatever credential it carried. A command can
 * reach the proxy (and so spend the attempt's budget, which the CLI's own limits, the `gate` and the
 * wall clock bound) but never learn the key. Responses stream through unchanged (SSE).
 *
 * With a `gate` (budget-gate.ts, for a CLI without budgets of its own), each request is admitted or
 * refused before it leaves, refused ones answered as a 400 API error (which the CLI reports, and does
 * not retry), and each Responses API reply's usage is read as it streams by.
 */
export async function startKeyProxy(
  upstream: string,
  key: string,
  header: KeyHeader,
  gate?: RequestGate,
): Promise<KeyProxy> {
  const base = upstream.replace(/\/+$/, "");
  const server = createServer((req, res) => {
    const refusal = req.method === "POST" ? (gate?.admit() ?? null) : null;
    if (refusal !== null) {
      req.resume();
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "invalid_request_error", code: "budget_exhausted", message: refusal } }));
      return;
    }
    const headers = forwardHeaders(req.headers, key, header);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    fetch(`${base}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    })
      .then(async (answer) => {
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== "content-encoding" && name !== "content-length") out[name] = value;
        });
        res.writeHead(answer.status, out);
        const tap = gate && answer.ok ? usageTap(answer.headers.get("content-type") ?? "", gate.record) : null;
        if (answer.body) {
          for await (const chunk of answer.body) {
            res.write(chunk);
            tap?.write(chunk);
          }
        }
        tap?.end();
        res.end();
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
        // The upstream's address only; the key is never in an error of fetch.
        res.end(JSON.stringify({ error: { type: "proxy_error", message: `conductor's key proxy: ${String(error)}` } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "host",
]);

function forwardHeaders(incoming: IncomingHttpHeaders, key: string, header: KeyHeader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === "x-api-key" || name === "authorization") continue;
    if (name === "content-length") continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (header === "x-api-key") out["x-api-key"] = key;
  else out.authorization = `Bearer ${key}`;
  return out;
}
