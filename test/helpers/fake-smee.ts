/**
 * A smee.io on loopback, speaking the protocol smee-client (the real client Probot runs) speaks: `HEAD /new`
 * answers with a redirect to a fresh channel, `GET /<channel>` is an event stream, and a `POST /<channel>`
 * (what GitHub sends to the App's webhook URL) is passed to every listener as one `message` event whose data
 * is the request's headers plus `body` and `query`, as smee.io does. No internet in tests: the app reaches
 * this server through `WEBHOOK_PROXY_SERVER` (channel creation) and `WEBHOOK_PROXY_URL` (forwarding).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface FakeSmee {
  /** `http://127.0.0.1:<port>`: what `WEBHOOK_PROXY_SERVER` is set to. */
  url: string;
  /** Channels created with `/new`, in order. */
  readonly channels: readonly string[];
  /** Open event streams per channel URL (the app's smee client, once connected). */
  listeners(channel: string): number;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += String(chunk);
  return text;
}

export async function startFakeSmee(): Promise<FakeSmee> {
  const streams = new Map<string, Set<ServerResponse>>();
  const channels: string[] = [];
  let base = "";
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/new") {
      const channel = `${base}/${randomBytes(8).toString("hex")}`;
      channels.push(channel);
      res.writeHead(307, { location: channel }).end();
      return;
    }
    const channel = `${base}${path}`;
    if (req.method === "GET") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(": connected\n\n");
      const set = streams.get(channel) ?? new Set();
      streams.set(channel, set.add(res));
      req.on("close", () => set.delete(res));
      return;
    }
    if (req.method === "POST") {
      const text = await readBody(req);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith("x-") || name === "content-type"),
      );
      const data = JSON.stringify({ ...headers, body: JSON.parse(text), query: {}, timestamp: Date.now() });
      for (const stream of streams.get(channel) ?? []) stream.write(`data: ${data}\n\n`);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("fake smee did not listen");
  base = `http://127.0.0.1:${address.port}`;
  return {
    url: base,
    channels,
    listeners: (channel) => streams.get(channel)?.size ?? 0,
    close: () =>
      new Promise((resolve) => {
        for (const set of streams.values()) for (const stream of set) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
