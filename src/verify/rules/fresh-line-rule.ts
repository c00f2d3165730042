import type { VerifyFinding, VerifyRule } from "../../protocol/feedback.js";
import { excerpt } from "../excerpt.js";
import type { DiffFile, VerifyCheck } from "../verify-context.js";

/** A pattern an added line must not match, with the label its finding shows. */
export interface LinePattern {
  label: string;
  pattern: RegExp;
}

/**
 * A rule that reports added lines (new to their file, `newlyAdded`) matching one of `patterns`, in the files
 * `applies` selects, annotated on the line.
 */
export function freshLineRule(
  rule: VerifyRule,
  applies: (file: DiffFile) => boolean,
  patterns: readonly LinePattern[],
  message: (label: string, text: string) => string,
): VerifyCheck {
  return ({ files }) =>
    files.filter(applies).flatMap((file) =>
      file.fresh.flatMap(({ line, text }): VerifyFinding[] => {
        const hit = patterns.find(({ pattern }) => pattern.test(text));
        if (hit === undefined) return [];
        return [{ rule, critical: false, path: file.path, line, message: message(hit.label, excerpt(text)) }];
      }),
    );
}
