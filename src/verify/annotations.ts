import type { VerifyFinding, VerifyRule } from "../protocol/feedback.js";
import type { UnreadableFile } from "./unreadable-files.js";

/** The name of Conductor's own check run (DESIGN §6). */
export const VERIFY_CHECK_NAME = "conductor/verify";
/** GitHub takes at most 50 annotations per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Beyond this many, findings are listed in the summary only: five requests is enough to show a pattern. */
export const MAX_ANNOTATIONS = 250;
// GitHub's limits are 65,535 characters for a summary and 64 KB for an annotation message; stay well under.
const MAX_SUMMARY = 60_000;
const MAX_MESSAGE = 4_000;

/** A check-run annotation, in the shape `POST/PATCH /repos/{o}/{r}/check-runs` takes. */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

/** The `output` of one check-run request. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
}

/** A one-line name per rule, for annotation titles and summary headings. */
export const RULE_TITLES: Record<VerifyRule, string> = {
  empty_diff: "Empty diff, claimed change",
  unchanged_file_claimed: "Claimed change not in the diff",
  outside_paths: "Outside the module's paths",
  protected_path: "Protected path changed",
  placeholder: "Placeholder left in the code",
  test_removed: "Tests deleted",
  test_skipped: "Test skipped",
  test_focused: "Tests narrowed to a focused few",
  test_exit: "Test exits early with success",
  test_script_changed: "Test script changed",
  test_excluded: "Tests excluded by runner configuration",
  test_command_changed: "Test command differs from the brief",
  harness_failed: "Harness run failed",
  hallucination_check_missing: "No hallucination check for a fixed item",
  reverify_mismatch: "Re-verification disagrees with the result",
  reverify_missing: "No independent re-verification",
  secret: "Possible secret",
};

/**
 * The check run for a set of findings: its conclusion, and the `output` of each request. The first output
 * goes with the create request, the rest with updates, because GitHub appends annotations per request
 * (at most 50 each) while title and summary are replaced, so every output carries both.
 */
export function verifyCheckRunOutput(
  findings: readonly VerifyFinding[],
  unreadable: readonly UnreadableFile[] = [],
): { conclusion: "success" | "failure"; outputs: CheckRunOutput[] } {
  const title = checkTitle(findings);
  const summary = checkSummary(findings, unreadable);
  const annotations = findings.flatMap(toAnnotation).slice(0, MAX_ANNOTATIONS);
  const outputs: CheckRunOutput[] = [];
  for (let i = 0; i === 0 || i < annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    outputs.push({ title, summary, annotations: annotations.slice(i, i + ANNOTATIONS_PER_REQUEST) });
  }
  return { conclusion: findings.length === 0 ? "success" : "failure", outputs };
}

function checkTitle(findings: readonly VerifyFinding[]): string {
  if (findings.length === 0) return "No problems found";
  const critical = findings.filter((finding) => finding.critical).length;
  const count = `${findings.length} problem${findings.length === 1 ? "" : "s"}`;
  return critical === 0 ? count : `${count} (${critical} critical)`;
}

function checkSummary(findings: readonly VerifyFinding[], unreadable: readonly UnreadableFile[]): string {
  const parts: string[] = [];
  if (findings.length === 0) parts.push("The diff and the result agree with the brief.");
  if (findings.some((finding) => finding.critical)) {
    parts.push("**Critical:** the task is escalated; a human must look at this before anything else runs.");
  }
  if (findings.length > 0) parts.push(findings.map(summaryLine).join("\n"));
  if (unreadable.length > 0) {
    const list = unreadable.map(
      (file) => `- \`${file.path}\` (${file.reason === "binary" ? "binary" : "diff too large"})`,
    );
    parts.push(`Not inspected for placeholders, skipped tests or secrets (GitHub sent no patch):\n${list.join("\n")}`);
  }
  const summary = parts.join("\n\n");
  if (summary.length <= MAX_SUMMARY) return summary;
  return `${summary.slice(0, MAX_SUMMARY)}\n\n… (cut: ${summary.length - MAX_SUMMARY} more characters)`;
}

/** `- **Title** `path:line` — message`, with later message lines indented into the list item. */
function summaryLine(finding: VerifyFinding): string {
  const where = finding.path === undefined ? "" : ` \`${finding.path}${finding.line ? `:${finding.line}` : ""}\``;
  const message = finding.message.replace(/\n(?=[^\n])/g, "\n  ");
  return `- **${RULE_TITLES[finding.rule]}**${where} — ${message}`;
}

// Only a finding with a line can sit in the diff; the others are in the summary.
function toAnnotation(finding: VerifyFinding): CheckAnnotation[] {
  if (finding.path === undefined || finding.line === undefined) return [];
  const message = finding.message.length > MAX_MESSAGE ? `${finding.message.slice(0, MAX_MESSAGE)}…` : finding.message;
  return [
    {
      path: finding.path,
      start_line: finding.line,
      end_line: finding.line,
      annotation_level: "failure",
      title: RULE_TITLES[finding.rule],
      message,
    },
  ];
}
