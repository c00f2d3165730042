/**
 * The sandbox GitHub served over loopback HTTP, so a separate process — `npm start` itself — can use it as
 * its GitHub: with `GHE_HOST=127.0.0.1:<port>` and `GHE_PROTOCOL=http`, Probot's Octokit calls
 * `http://127.0.0.1:<port>/api/v3/...` (REST) and `/api/graphql`, which are handed to `sandbox.fetch`.
 */
import { createServer } from "node:http";
import type { Sandbox } from "../../sandbox/index.js";

export interface SandboxHttp {
  /** `127.0.0.1:<port>`, for `GHE_HOST`. */
  host: string;
  close(): Promise<void>;
}

export async function serveSandbox(sandbox: Sandbox): Promise<SandboxHttp> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk));
    const path = (req.url ?? "/").replace(/^\/api\/v3(?=\/)/, "").replace(/^\/api\/graphql/, "/graphql");
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
    }
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await sandbox.fetch(`https://api.github.com${path}`, { method: req.method ?? "GET", headers, body });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "content-encoding") out[name] = value;
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("the sandbox server did not listen");
  return {
    host: `127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
