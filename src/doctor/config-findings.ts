import { parseConfigYaml } from "../config/load.js";
import { Config } from "../config/schema.js";
import { at, type Finding } from "./finding.js";

/**
 * `.github/conductor.yml` checked with the app's own loader and messages (line numbers, "did you mean"):
 * the configuration to diagnose with (the defaults when the file is missing or invalid) and its findings.
 */
export function configFindings(path: string, text: string | null): { config: Config; findings: Finding[] } {
  if (text === null) {
    return {
      config: Config.parse({}),
      findings: [at("info", path, null, "no configuration file: every default applies")],
    };
  }
  const result = parseConfigYaml(text);
  if (result.ok) return { config: result.config, findings: [at("ok", path, null, "the configuration is valid")] };
  return {
    config: Config.parse({}),
    findings: result.errors.map((error) =>
      at(
        "error",
        path,
        error.line ?? null,
        error.key === "" ? error.message : `\`${error.key}\`: ${error.message}`,
        "Conductor starts no task until the file is valid; every key is in `conductor.schema.json`",
      ),
    ),
  };
}
