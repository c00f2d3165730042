import type { VerifyFinding } from "../protocol/feedback.js";
import { emptyDiff } from "./rules/empty-diff.js";
import { hallucinationMissing } from "./rules/hallucination-missing.js";
import { harnessFailed } from "./rules/harness-failed.js";
import { outsidePaths } from "./rules/outside-paths.js";
import { placeholder } from "./rules/placeholder.js";
import { protectedPath } from "./rules/protected-path.js";
import { secret } from "./rules/secret.js";
import { testCommandChanged } from "./rules/test-command-changed.js";
import { testExcluded } from "./rules/test-excluded.js";
import { testExit } from "./rules/test-exit.js";
import { testFocused } from "./rules/test-focused.js";
import { testRemoved } from "./rules/test-removed.js";
import { testScriptChanged } from "./rules/test-script-changed.js";
import { testSkipped } from "./rules/test-skipped.js";
import { unchangedFileClaimed } from "./rules/unchanged-file-claimed.js";
import { type VerifyCheck, type VerifyInput, verifyContext } from "./verify-context.js";

export type { VerifyInput } from "./verify-context.js";

/** Every rule of DESIGN §6, in the order their findings are listed. */
const RULES: readonly VerifyCheck[] = [
  secret,
  protectedPath,
  emptyDiff,
  unchangedFileClaimed,
  outsidePaths,
  placeholder,
  testRemoved,
  testSkipped,
  testFocused,
  testExit,
  testScriptChanged,
  testExcluded,
  testCommandChanged,
  harnessFailed,
  hallucinationMissing,
];

/**
 * `conductor/verify` (DESIGN §6): checks the executor's work against its own claims and the brief, from
 * the PR's files and the result, instead of believing the result. Pure and total: any files, any patch
 * text. Critical findings (secrets, protected paths) come first; the caller escalates on any of them.
 * Files GitHub sent without a patch cannot be read line by line: `unreadableFiles` lists them.
 */
export function verify(input: VerifyInput): VerifyFinding[] {
  const context = verifyContext(input);
  const findings = RULES.flatMap((rule) => rule(context));
  // Array.prototype.sort is stable: within each group the rule order above stands.
  return findings.sort((a, b) => Number(b.critical) - Number(a.critical));
}
