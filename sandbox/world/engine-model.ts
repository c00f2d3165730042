import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The scripted model over HTTP, for an engine whose CLI calls the Messages API itself. */
export interface ModelServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the scripted model's `fetch` (model.ts) on 127.0.0.1, so a CLI engine (Claude Code, run by the
 * real action inside the command sandbox, behind its key proxy) reaches it as `ANTHROPIC_BASE_URL`: the
 * same replies, streamed as the API streams them, that the built-in engine gets through the SDK's fetch.
 */
export async function serveModel(modelFetch: typeof fetch): Promise<ModelServer> {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const answer = await modelFetch(`http://model${req.url ?? "/"}`, { method: req.method ?? "POST", body });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(await answer.text());
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
