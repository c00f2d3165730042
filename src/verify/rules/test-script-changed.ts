import type { VerifyFinding } from "../../protocol/feedback.js";
import { excerpt } from "../excerpt.js";
import { at, type DiffFile, type VerifyCheck } from "../verify-context.js";

/** `"test": "…"` in package.json, `test = …` in pyproject.toml (hatch, pdm, poe scripts). */
const SCRIPT_LINE: readonly { file: RegExp; line: RegExp }[] = [
  { file: /(?:^|\/)package\.json$/, line: /^\s*"test(?::[\w:-]+)?"\s*:/ },
  { file: /(?:^|\/)pyproject\.toml$/, line: /^\s*["']?test["']?\s*=/ },
];
const MAKEFILE = /(?:^|\/)(?:GNUmakefile|[Mm]akefile|[\w.-]+\.mk)$/;
const MAKE_TEST_TARGET = /^test\s*:/;
const HUNK_CONTEXT = /^@@ [^@]+ @@ ?(.*)$/;

/**
 * The test script emptied or replaced: a removed or added `"test":` script in package.json, a `test =`
 * script in pyproject.toml, or in a Makefile the `test:` target line or a line of its recipe (git names the
 * target a hunk is in on the hunk's header line). Changing how tests run is a human's decision; the
 * executor's job is to make them pass.
 */
export const testScriptChanged: VerifyCheck = ({ files }) =>
  files.flatMap((file): VerifyFinding[] => {
    const script = SCRIPT_LINE.find((s) => s.file.test(file.path));
    if (script) return scriptLines(file, script.line);
    if (MAKEFILE.test(file.path)) return makeTarget(file);
    return [];
  });

function scriptLines(file: DiffFile, line: RegExp): VerifyFinding[] {
  const removed = file.lines?.removed.find((l) => line.test(l.text));
  const added = file.lines?.added.find((l) => line.test(l.text));
  if (!removed && !added) return [];
  const text = removed
    ? `${excerpt(removed.text)}${added ? ` → ${excerpt(added.text)}` : " (removed)"}`
    : excerpt(added?.text ?? "");
  return [finding(file, added?.line ?? removed?.at, `The test script in ${file.path} changed: ${text}`)];
}

function makeTarget(file: DiffFile): VerifyFinding[] {
  const touched =
    (file.lines?.removed ?? []).some((l) => MAKE_TEST_TARGET.test(l.text)) ||
    (file.lines?.added ?? []).some((l) => MAKE_TEST_TARGET.test(l.text)) ||
    (file.patch ?? "").split("\n").some((l) => MAKE_TEST_TARGET.test(HUNK_CONTEXT.exec(l)?.[1] ?? ""));
  if (!touched) return [];
  return [finding(file, file.firstLine, `The \`test\` target of ${file.path} changed.`)];
}

function finding(file: DiffFile, line: number | undefined, message: string): VerifyFinding {
  return { rule: "test_script_changed", critical: false, ...at(file.path, line), message };
}
