/**
 * Whether the server may start without `WEBHOOK_SECRET`. Probot falls back to the secret `development`
 * when none is set, so a server started without one accepts any delivery signed with that well-known word:
 * anyone who can reach `/api/github/webhooks` could forge a label or a `/retry` (docs/security.md). So the
 * server refuses to start, except with `NODE_ENV=development` — on a developer's machine, behind a smee
 * channel — where it starts and says which secret it accepts. Setup mode (no `APP_ID` yet) receives no
 * webhooks and needs no secret: the setup page writes one to `.env`.
 */
export type WebhookSecretCheck =
  | { kind: "ok" }
  | { kind: "setup-mode" }
  | { kind: "development-default"; message: string }
  | { kind: "refuse"; message: string };

export function checkWebhookSecret(env: Readonly<Record<string, string | undefined>>): WebhookSecretCheck {
  if (!env.APP_ID) return { kind: "setup-mode" };
  if (env.WEBHOOK_SECRET) return { kind: "ok" };
  if (env.NODE_ENV === "development") {
    return {
      kind: "development-default",
      message:
        "WEBHOOK_SECRET is not set: with NODE_ENV=development Probot accepts deliveries signed with its default " +
        "secret `development`. Never run a server GitHub can reach like this.",
    };
  }
  return {
    kind: "refuse",
    message:
      "WEBHOOK_SECRET is not set, so Probot would accept any webhook signed with its default secret " +
      "`development`: refusing to start. Set WEBHOOK_SECRET to the GitHub App's webhook secret (the setup page " +
      "writes it to .env; the App's settings, General → Webhook secret, can set a new one), or set " +
      "NODE_ENV=development to run without one on your own machine.",
  };
}
