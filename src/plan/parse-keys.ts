import { AgentRoleName } from "../protocol/agent-role.js";
import { sanitizeText } from "../protocol/sanitize.js";
import { KEY_LABEL, type Key, type LineKind, splitList, unquote } from "./classify.js";
import type { ErrorSink, Located, RawPhase, RawSection } from "./raw-spec.js";

type KeyLine = Extract<LineKind, { kind: "key" }>;

/** Applies a key line inside a phase (above its module sections); returns the list its bullets fill. */
export function phaseKey(
  phase: RawPhase,
  { key, value }: KeyLine,
  line: number,
  error: ErrorSink,
): Located<string>[] | null {
  if (!checkRepeat(phase.keys, key, line, `phase ${phase.number}`, error)) return [];
  switch (key) {
    case "modules":
      phase.modules.push(...value.split(",").flatMap((name) => located(name.trim(), line)));
      return phase.modules;
    case "test command":
      phase.testCommand = testCommand(value, line, error);
      return null;
    case "success criteria":
      phase.successCriteria.push(...located(value, line));
      return phase.successCriteria;
    case "gotchas":
      phase.gotchas.push(...located(value, line));
      return phase.gotchas;
    case "paths":
    case "fixes":
    case "role":
    case "depends on":
      error(line, `"${KEY_LABEL[key]}:" belongs in a "#### Module: <name>" section`);
      return [];
  }
}

/** Applies a key line inside a `#### Module:` section; returns the list its bullets fill. */
export function moduleKey(
  section: RawSection,
  { key, value }: KeyLine,
  line: number,
  error: ErrorSink,
): Located<string>[] | null {
  if (!checkRepeat(section.keys, key, line, `module "${section.name}"`, error)) return [];
  switch (key) {
    case "paths":
      section.paths.push(...splitList(value).map((path) => ({ value: unquote(path), line })));
      return section.paths;
    case "test command":
      section.testCommand = testCommand(value, line, error);
      return null;
    case "fixes":
      if (value !== "") error(line, `"Fixes:" takes a bullet list on the lines below it`);
      return section.fixes;
    case "role": {
      const role = unquote(value);
      const parsed = AgentRoleName.safeParse(role);
      if (parsed.success) section.role = { value: role, line };
      else error(line, `"Role: ${role}" names no role: ${parsed.error.issues[0]?.message ?? "expected one word"}`);
      return null;
    }
    case "depends on":
      // Split as the `Modules:` line is: module names hold no comma, and may hold braces.
      section.dependsOn.push(...value.split(",").flatMap((name) => located(name.trim(), line)));
      return section.dependsOn;
    case "modules":
    case "success criteria":
    case "gotchas":
      error(line, `"${KEY_LABEL[key]}:" applies to the whole phase: put it above the "#### Module:" sections`);
      return [];
  }
}

function checkRepeat(keys: Map<Key, number>, key: Key, line: number, where: string, error: ErrorSink): boolean {
  const first = keys.get(key);
  if (first === undefined) {
    keys.set(key, line);
    return true;
  }
  error(line, `${where} has a second "${KEY_LABEL[key]}:" line (the first is on line ${first})`);
  return false;
}

/**
 * The harness runs the test command as written, so unlike prose it cannot be sanitized quietly: a
 * command carrying markup a reviewer cannot see on github.com (an HTML comment, zero-width or bidi
 * characters, a hidden element) is refused, and the plan with it (DESIGN §8).
 */
function testCommand(value: string, line: number, error: ErrorSink): Located<string> | null {
  const command = unquote(value);
  if (command === "") error(line, `"Test Command:" is empty`);
  // A link reference definition hides a whole line only when it starts one; after `Test Command:` it shows
  // as written (`[a]:b` is a plain, visible command there), so only the other kinds count.
  const hidden = Object.entries(sanitizeText(command).removed)
    .filter(([kind, count]) => count > 0 && kind !== "reference_definition")
    .map(([kind]) => kind.replace(/_/g, " "));
  if (hidden.length > 0) {
    error(
      line,
      `"Test Command:" contains hidden markup (${hidden.join(", ")}) that a reviewer cannot see; write the command in plain text`,
    );
    return null;
  }
  return command === "" ? null : { value: command, line };
}

function located(value: string, line: number): Located<string>[] {
  return value === "" ? [] : [{ value, line }];
}
