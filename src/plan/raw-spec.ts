import type { Key, LineKind } from "./classify.js";

/** Reports one problem on one line; the parser collects them all instead of stopping. */
export type ErrorSink = (line: number, message: string) => void;

export const PHASE_HEADER_FORM = '"### Phase <number>: <name>"';

/** A value with the line it was written on, so later checks can still name the line. */
export interface Located<T> {
  value: T;
  line: number;
}

/** A `#### Module:` section as written; `bogus` ones (bad header) are read only to find more errors. */
export interface RawSection {
  name: string;
  line: number;
  bogus: boolean;
  keys: Map<Key, number>;
  paths: Located<string>[];
  testCommand: Located<string> | null;
  fixes: Located<string>[];
  role: Located<string> | null;
  /** `Depends on:` names, each with its line, checked against the plan by `resolvePlan`. */
  dependsOn: Located<string>[];
  text: string[];
}

/** A `### Phase N:` block as written; `bogus` ones (bad header) are read only to find more errors. */
export interface RawPhase {
  number: string;
  name: string;
  line: number;
  bogus: boolean;
  keys: Map<Key, number>;
  tasks: Located<string>[];
  modules: Located<string>[];
  testCommand: Located<string> | null;
  successCriteria: Located<string>[];
  gotchas: Located<string>[];
  sections: RawSection[];
}

/** Starts a phase at its `###` header; a header that is not `### Phase N: name` starts a bogus one. */
export function newPhase(kind: LineKind, line: number, error: ErrorSink): RawPhase {
  const phase: RawPhase = {
    number: "",
    name: "",
    line,
    bogus: true,
    keys: new Map(),
    tasks: [],
    modules: [],
    testCommand: null,
    successCriteria: [],
    gotchas: [],
    sections: [],
  };
  if (kind.kind !== "phase") {
    const heading = kind.kind === "bad-heading" ? `"${kind.heading}" ` : "";
    error(line, `${heading}is not a phase header: expected ${PHASE_HEADER_FORM}`);
    return phase;
  }
  if (kind.name === "") error(line, `phase ${kind.number} has no name: expected "### Phase ${kind.number}: <name>"`);
  return { ...phase, number: kind.number, name: kind.name, bogus: false };
}

/** Starts a module section at its `####` header; a malformed header starts a bogus one. */
export function newSection(kind: LineKind, line: number, error: ErrorSink): RawSection {
  const name = kind.kind === "module" ? kind.name : "";
  const section: RawSection = {
    name,
    line,
    bogus: name === "",
    keys: new Map(),
    paths: [],
    testCommand: null,
    fixes: [],
    role: null,
    dependsOn: [],
    text: [],
  };
  const heading = kind.kind === "bad-heading" ? `"${kind.heading}" ` : "";
  if (kind.kind !== "module") error(line, `${heading}is not a module header: expected "#### Module: <name>"`);
  else if (name === "") error(line, `"#### Module:" needs a module name`);
  return section;
}
