import { SmeeClient } from "smee-client";

/**
 * Probot's setup page creates a webhook channel with `SmeeClient.createChannel()` and writes it to `.env` as
 * `WEBHOOK_PROXY_URL`; the next start forwards that channel to the local server (docs/setup.md#webhooks).
 * Probot 14 no longer ships smee-client, so Conductor depends on it and hands it in. `WEBHOOK_PROXY_SERVER`
 * points channel creation at a self-hosted smee server (probot/smee.io) instead of https://smee.io.
 */
export function smeeClientFor(env: Readonly<Record<string, string | undefined>>): typeof SmeeClient {
  const server = (env.WEBHOOK_PROXY_SERVER || "https://smee.io").replace(/\/+$/, "");
  return class extends SmeeClient {
    static override createChannel(options: Parameters<typeof SmeeClient.createChannel>[0] = {}) {
      return SmeeClient.createChannel({ newChannelUrl: `${server}/new`, ...options });
    }
  };
}
