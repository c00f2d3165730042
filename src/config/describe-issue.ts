import type { z } from "zod";
import { knownKeysAt, suggestKey } from "./suggest-key.js";

/**
 * One problem in `.github/conductor.yml`. `key` is the dotted path of the bad key (`retries.max_attempts`,
 * `escalation.mention[0]`; `""` is the file as a whole); `line` is known when the file was read from YAML text.
 */
export interface ConfigError {
  readonly key: string;
  readonly message: string;
  readonly line?: number;
}

/** A problem with the path it sits at, kept until line numbers are looked up. */
export interface LocatedConfigError extends ConfigError {
  readonly path: readonly (string | number)[];
}

/** `["escalation", "mention", 0]` → `escalation.mention[0]`. */
export function keyOf(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => (typeof segment === "number" ? `[${segment}]` : `${i === 0 ? "" : "."}${String(segment)}`))
    .join("");
}

/** A user's value as the message shows it: short, and never a whole mapping or list. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    // Long values are cut so that a pasted blob cannot bury the other problems in the comment.
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value);
  }
  return String(value);
}

const nouns: Readonly<Record<string, string>> = {
  number: "a number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
};

/** `["a"]` → `"a"`, `["a", "b", "c"]` → `"a", "b" or "c"`. */
function oneOf(values: readonly unknown[]): string {
  const shown = values.map((value) => JSON.stringify(value));
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}` : (shown[0] ?? "nothing");
}

function bound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, word: "least" | "most"): string {
  const limit = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
  if (issue.origin === "array") return `must list at ${word} ${limit} item${limit === "1" ? "" : "s"}`;
  if (issue.origin === "string") {
    return word === "least" && limit === "1" ? "must not be empty" : `must be at ${word} ${limit} characters`;
  }
  if (issue.inclusive === false) return `must be ${word === "least" ? "greater" : "less"} than ${limit}`;
  return `must be at ${word} ${limit}`;
}

/**
 * Turns one zod issue about the config into messages that name the key, in the words of the YAML file
 * ("a list", "a mapping"), not of JavaScript. An unknown key becomes one error per key, with its own path.
 * Needs `reportInput: true` on the parse so that the offending value can be shown.
 */
export function describeIssue(issue: z.core.$ZodIssue): LocatedConfigError[] {
  const path = issue.path.filter((s): s is string | number => typeof s === "string" || typeof s === "number");
  const at = (message: string, where = path): LocatedConfigError => ({ key: keyOf(where), path: where, message });
  const got = `, got ${show(issue.input)}`;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, knownKeysAt(path));
        return at(suggestion ? `unknown key (did you mean \`${suggestion}\`?)` : "unknown key", [...path, key]);
      });
    case "invalid_type":
      return [at(`expected ${nouns[issue.expected] ?? issue.expected}${got}`)];
    case "invalid_value":
      return [at(`expected ${oneOf(issue.values)}${got}`)];
    case "too_small":
      return [at(`${bound(issue, "least")}${got}`)];
    case "too_big":
      return [at(`${bound(issue, "most")}${got}`)];
    case "invalid_format":
      // A webhook URL is a credential: say what is wrong without repeating it in a public comment.
      if (issue.format === "url") return [at("expected an https:// URL")];
      return [at(`${issue.message}${got}`)];
    default:
      return [at(`${issue.message}${got}`)];
  }
}
