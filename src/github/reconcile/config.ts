import { codeSpan } from "../../config/format-config-errors.js";
import { loadConfig } from "../../config/load.js";
import { Config } from "../../config/schema.js";
import type { Log } from "./log.js";

/** The file Probot's `context.config` reads: `.github/conductor.yml` (DESIGN §4). */
export const CONFIG_FILE = "conductor.yml";

/** The documented defaults, for events that need a configuration before any file was read. */
export const DEFAULT_CONFIG: Config = Config.parse({});

/**
 * The configuration, or every problem with it as one line each (`key` (line n): message) for the one
 * comment the core posts. `trigger` is the trigger label even when the file is invalid (its own
 * `trigger.label` if that much is readable, else the default), so a label event can still be recognised.
 */
export type ReadConfig = { ok: true; config: Config } | { ok: false; errors: string[]; trigger: string };

/** What reads the raw file: Probot's `context.config(CONFIG_FILE)` (so `_extends` works). */
export type ConfigSource = () => Promise<unknown>;

function rawTrigger(raw: unknown): string {
  const parsed = Config.shape.trigger.safeParse(
    typeof raw === "object" && raw !== null && "trigger" in raw ? raw.trigger : undefined,
  );
  return parsed.success ? parsed.data.label : DEFAULT_CONFIG.trigger.label;
}

/**
 * Reads and validates `.github/conductor.yml`. A file that is not YAML at all makes Probot's reader
 * throw; that is reported like any other problem, because the maintainer has to hear about it either way.
 */
export async function readConfig(source: ConfigSource, log: Log): Promise<ReadConfig> {
  let raw: unknown;
  try {
    raw = await source();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Only the plugin's own parse errors are the user's to fix; anything else (network, 5xx) is thrown on.
    if (!/could not be parsed|not an object|directory or a submodule/i.test(message)) throw error;
    log.info({ err: message }, "configuration file is not readable YAML");
    return {
      ok: false,
      errors: [message.replace(/^\[@probot\/octokit-plugin-config\]\s*/, "")],
      trigger: DEFAULT_CONFIG.trigger.label,
    };
  }
  const result = loadConfig(raw);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map(
      (e) =>
        `${e.key === "" ? "the file" : codeSpan(e.key)}${e.line === undefined ? "" : ` (line ${e.line})`}: ${e.message}`,
    ),
    trigger: rawTrigger(raw),
  };
}
