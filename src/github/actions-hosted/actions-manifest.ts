import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";

/** Where `npm run setup:actions` runs Probot's setup page: its own app.yml, and the `.env` it writes. */
export const ACTIONS_SETUP_DIR = ".actions-setup";

/**
 * In Actions-hosted mode (docs/operations.md#actions-hosted-mode) the repository's workflow receives the
 * events, so the App's own webhook must stay off: GitHub would otherwise deliver every event to a URL nobody
 * serves and list each as failed. A manifest may create the webhook inactive (`hook_attributes.active:
 * false`); it still needs a URL, which is never called. Everything else is app.yml's, so the two modes ask
 * for the same permissions and events (switching to server mode is then activating the webhook).
 */
export function actionsManifest(appYml: string): string {
  const manifest = z.record(z.string(), z.unknown()).parse(parse(appYml));
  const url = z.string().url().parse(manifest.url);
  return stringify({ ...manifest, hook_attributes: { url, active: false } });
}

/**
 * Probot reads `app.yml`, `package.json` and `.env` from the working directory, so Actions-hosted setup runs
 * in a directory of its own holding the manifest above; the `.env` it writes (APP_ID, PRIVATE_KEY) is what
 * goes into the repository's secrets. Returns that directory.
 */
export function prepareActionsSetup(root: string): string {
  const dir = join(root, ACTIONS_SETUP_DIR);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "app.yml"), actionsManifest(readFileSync(join(root, "app.yml"), "utf8")));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  return dir;
}
