import type { VerifyCheck } from "../verify-context.js";

/**
 * A FIXED item whose `hallucination_check` is empty: the model said it changed something but gave no
 * command that would fail if the change were not there, so nobody — the harness or the re-verification —
 * could check the claim (DESIGN §6: trust, but verify; docs/security.md#trust-but-verify).
 */
export const hallucinationMissing: VerifyCheck = ({ result }) =>
  result.items
    .filter((item) => item.status === "FIXED" && item.hallucination_check.trim() === "")
    .map((item) => ({
      rule: "hallucination_check_missing" as const,
      critical: false,
      message: `Item "${item.id}" is FIXED but its hallucination_check is empty: give a command that exits 0 only if the change really exists (e.g. a grep for the new code).`,
    }));
