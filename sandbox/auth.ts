import type { Actor, SandboxContext } from "./context.js";
import { HttpError } from "./http.js";

function jwtIssuer(token: string): string | undefined {
  const [, payload] = token.split(".");
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims === "object" && claims !== null && "iss" in claims) return String(claims.iss);
  } catch {
    return undefined;
  }
  return undefined;
}

/** What an `Authorization` header authenticates. */
export interface Authenticated {
  actor: Actor;
  /** True for an app's JWT, which may only call `/app/...` endpoints. */
  jwt: boolean;
}

/**
 * Maps `Authorization` to an actor: user tokens and installation tokens the sandbox issued, or an
 * app's JWT (not verified: the sandbox trusts its own process). Anything else is GitHub's 401.
 */
export function authenticate(ctx: SandboxContext, header: string | null): Authenticated {
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "");
  const token = match?.[1];
  if (!token) throw new HttpError(401, "Requires authentication");
  const owner = ctx.state.tokens[token];
  if (owner?.startsWith("app:")) {
    const app = ctx.state.apps[owner.slice(4)];
    if (app) return { actor: { login: app.bot, app }, jwt: false };
  } else if (owner) {
    return { actor: { login: owner }, jwt: false };
  }
  if (token.split(".").length === 3) {
    const issuer = jwtIssuer(token);
    const app = Object.values(ctx.state.apps).find((a) => String(a.id) === issuer || a.slug === issuer) ?? ctx.app;
    return { actor: { login: app.bot, app }, jwt: true };
  }
  throw new HttpError(401, "Bad credentials");
}
