import { stringify } from "yaml";
import { configJsonSchema } from "../../config/json-schema.js";
import type { Config } from "../../config/schema.js";

/** Where editors find the schema (the `yaml-language-server` modeline points at it). */
export const CONFIG_SCHEMA_URL = "https://raw.githubusercontent.com/conductor-app/conductor/main/conductor.schema.json";

interface SchemaNode {
  default?: unknown;
  description?: string;
  properties?: Record<string, SchemaNode>;
}

/**
 * One output line. `active` lines are YAML; the others are written behind `# `, placed at `commentAt`
 * (the depth of the outermost commented-out section), so uncommenting a block is deleting two characters
 * from each of its lines.
 */
interface Line {
  depth: number;
  text: string;
  active: boolean;
  commentAt: number;
}

const WIDTH = 100;

/**
 * `.github/conductor.yml` with every key, its description and its default, generated from the config
 * schema so it cannot drift. A key whose value is the default is written commented out, so the file
 * parses to the defaults and a repository keeps following Conductor's defaults as they change; a key set
 * in `config` to something else is written as YAML. A section is commented out when nothing in it is set
 * (an uncommented `gates:` with only comments under it would read as `null`, which editors flag).
 * Keys with no default (`base_branch`) are described and left for the maintainer to fill in.
 *
 * `commentDefaults: false` writes every default as YAML too: the test uses it to check the values.
 */
export function onboardingConfigYaml(config?: Config, options: { commentDefaults?: boolean } = {}): string {
  const schema = configJsonSchema() as SchemaNode;
  const commentDefaults = options.commentDefaults ?? true;
  const entries = Object.entries(schema.properties ?? {}).filter(([key]) => key !== "_extends");
  const blocks = entries.map(([key, node]) => render(key, node, config?.[key as keyof Config], 0, commentDefaults));
  const header = [
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_URL}`,
    "#",
    "# Conductor's settings for this repository. Every key is optional: the commented-out values are the",
    "# defaults, and a key left commented out follows Conductor's default. Uncomment a line to change it.",
    "# `_extends: .github` (or `org/repo:path.yml`) inherits settings from another repository's file.",
  ];
  return `${[header.join("\n"), ...blocks.map(print)].join("\n\n")}\n`;
}

function render(key: string, node: SchemaNode, value: unknown, depth: number, commentDefaults: boolean): Line[] {
  const about = (active: boolean) =>
    wrap(node.description ?? "", WIDTH - 2 * depth - 4).map((text) => ({
      depth,
      text: `# ${text}`,
      active,
      commentAt: depth,
    }));
  if (node.properties !== undefined) {
    const section = isRecord(value) ? value : {};
    const children = Object.entries(node.properties).flatMap(([child, childNode]) =>
      render(child, childNode, section[child], depth + 1, commentDefaults),
    );
    const active = children.some((line) => line.active);
    const lines = [...about(active), { depth, text: `${key}:`, active, commentAt: depth }, ...children];
    return active ? lines : lines.map((line) => ({ ...line, commentAt: depth }));
  }
  if (!("default" in node)) {
    // No default to show: the key is named, empty, for the maintainer to fill in.
    const active = value !== undefined;
    return [
      ...about(active),
      { depth, text: active ? `${key}: ${scalar(value)}` : `${key}:`, active, commentAt: depth },
    ];
  }
  const chosen = value === undefined ? node.default : value;
  const active = !commentDefaults || JSON.stringify(chosen) !== JSON.stringify(node.default);
  return [...about(active), { depth, text: `${key}: ${scalar(chosen)}`, active, commentAt: depth }];
}

function print(lines: readonly Line[]): string {
  return lines
    .map(({ depth, text, active, commentAt }) => {
      if (active) return `${"  ".repeat(depth)}${text}`;
      return `${"  ".repeat(commentAt)}# ${"  ".repeat(depth - commentAt)}${text}`;
    })
    .join("\n");
}

function scalar(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trimEnd();
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (current !== "" && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === "" ? word : `${current} ${word}`;
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
