import type { Brief } from "../../src/protocol/brief.js";

/** The message of an attempt's commit: the work job's, and the publish job's re-commit of its tree. */
export function commitMessage(brief: Brief): string {
  return `conductor #${brief.task}: ${brief.module} (attempt ${brief.attempt})\n\nTask #${brief.task}, phase ${brief.phase}, module ${brief.module}, attempt ${brief.attempt}.\nConductor-Nonce: ${brief.nonce}`;
}
