import type { VerifyFinding } from "../../protocol/feedback.js";
import { excerpt } from "../excerpt.js";
import type { VerifyCheck } from "../verify-context.js";

// The start of a comment in the languages Conductor meets: //, #, /*, *, --, <!--, ;
const COMMENT = String.raw`(?:\/\/|#|\/\*|^\s*\*|--|<!--|;)`;

/**
 * Markers of unfinished work, each with the label a finding shows. Upper-case `TODO`/`FIXME` count
 * anywhere (`throw new Error("TODO")`); lower-case ones, `XXX` and "placeholder" only inside a comment,
 * because `todoList`, `"XXX-XX-XXXX"` and `<input placeholder=…>` are ordinary code. A bare
 * `NotImplemented` is Python's comparison sentinel, so only the error and exception types count.
 */
const MARKERS: readonly { label: string; pattern: RegExp }[] = [
  { label: "TODO", pattern: /\bTODO\b/ },
  { label: "FIXME", pattern: /\bFIXME\b/ },
  { label: "TODO", pattern: new RegExp(`${COMMENT}.*\\b(?:todo|fixme)\\b`, "i") },
  { label: "XXX", pattern: new RegExp(`${COMMENT}.*\\bXXX\\b`) },
  { label: "placeholder", pattern: new RegExp(`${COMMENT}.*\\bplaceholder\\b`, "i") },
  { label: '"not implemented"', pattern: /\bnot\s+(?:yet\s+)?implemented\b/i },
  { label: "NotImplementedError", pattern: /\bNotImplemented(?:Error|Exception)\b/ },
  { label: "unimplemented!()", pattern: /\bunimplemented!\s*\(/ },
  { label: "todo!()", pattern: /\btodo!\s*\(/ },
  { label: '"unimplemented"', pattern: /["'`]unimplemented["'`]/i },
];

/** Added lines (new to their file) that carry a TODO, FIXME, placeholder or "not implemented" marker. */
export const placeholder: VerifyCheck = ({ files }) =>
  files.flatMap((file) =>
    file.fresh.flatMap(({ line, text }): VerifyFinding[] => {
      const marker = MARKERS.find(({ pattern }) => pattern.test(text));
      if (marker === undefined) return [];
      return [
        {
          rule: "placeholder",
          critical: false,
          path: file.path,
          line,
          message: `Added line carries a ${marker.label} marker: ${excerpt(text)}`,
        },
      ];
    }),
  );
