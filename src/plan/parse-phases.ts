import { classifyLine, KEY_LABEL, type Key, MODULE_KEYS, PHASE_KEYS } from "./classify.js";
import { moduleKey, phaseKey } from "./parse-keys.js";
import { type Located, newPhase, newSection, PHASE_HEADER_FORM, type RawPhase, type RawSection } from "./raw-spec.js";
import type { BodyLine } from "./section.js";
import type { SpecError } from "./spec-error.js";

export type { Located, RawPhase, RawSection } from "./raw-spec.js";

/**
 * Reads the lines of the section into phases and module sections, line by line, recording every
 * problem it can see locally and carrying on; cross-phase checks are `resolvePlan`'s.
 */
export function parsePhases(lines: readonly BodyLine[], errors: SpecError[]): RawPhase[] {
  const phases: RawPhase[] = [];
  let phase: RawPhase | null = null;
  let section: RawSection | null = null;
  // The list that bullets and indented continuation lines go to; a phase starts with its tasks.
  let list: Located<string>[] | null = null;
  let strayReported = false;
  const error = (line: number, message: string) => errors.push({ line, message });

  for (const line of lines) {
    const kind = classifyLine(line);
    if (kind.kind === "phase" || (kind.kind === "bad-heading" && kind.level === 3)) {
      phase = newPhase(kind, line.number, error);
      phases.push(phase);
      section = null;
      list = phase.tasks;
      continue;
    }
    if (phase === null) {
      // One error for everything above the first phase: a stray paragraph is one mistake, not ten.
      if (!strayReported && kind.kind !== "blank" && kind.kind !== "comment") {
        error(line.number, `unexpected text before the first phase: expected ${PHASE_HEADER_FORM}`);
        strayReported = true;
      }
      continue;
    }
    if (kind.kind === "module" || kind.kind === "bad-heading") {
      section = newSection(kind, line.number, error);
      phase.sections.push(section);
      list = null;
      continue;
    }
    const where = section === null ? `phase ${phase.number}` : `module "${section.name}"`;
    switch (kind.kind) {
      case "blank":
        // In a module a blank line ends a list, so free text can follow it; a phase has no free text.
        if (section !== null && list === null) section.text.push("");
        if (section !== null) list = null;
        break;
      case "comment":
        break;
      case "unknown-key":
        // In a phase every unknown key is an error; in a module's free text only a near-miss is.
        if (section === null || kind.near) {
          const keys = section === null ? PHASE_KEYS : MODULE_KEYS;
          error(line.number, `unknown key "${kind.name}" in ${where}: expected one of ${labels(keys)}`);
          list = []; // its bullets are read and dropped, rather than reported as strays
          break;
        }
        section.text.push(line.text);
        list = null;
        break;
      case "fenced":
      case "break":
      case "text": {
        const continues = kind.kind === "text" && kind.indented && list !== null && list.length > 0;
        const last = list?.[list.length - 1];
        if (continues && last !== undefined) {
          last.value = `${last.value} ${line.text.trim()}`;
        } else if (section !== null) {
          section.text.push(line.text);
          list = null;
        } else if (kind.kind === "text" || (kind.kind === "fenced" && line.opensFence)) {
          error(line.number, `unexpected text in phase ${phase.number}: free text belongs in a "#### Module:" section`);
        }
        break;
      }
      case "bullet":
        if (list !== null) {
          if (kind.text !== "") list.push({ value: kind.text, line: line.number });
        } else if (section !== null) {
          section.text.push(line.text);
        } else if (kind.text !== "") {
          // Only "Test Command:" leaves a phase without a list.
          error(line.number, `a bullet after "Test Command:" belongs to no list: tasks go above the first key line`);
        }
        break;
      case "key":
        list =
          section === null ? phaseKey(phase, kind, line.number, error) : moduleKey(section, kind, line.number, error);
        break;
      default: {
        const unexpected: never = kind;
        throw new Error(`unhandled line kind ${JSON.stringify(unexpected)}`);
      }
    }
  }
  return phases;
}

function labels(keys: readonly Key[]): string {
  return keys.map((key) => KEY_LABEL[key]).join(", ");
}
