import { codeSpan } from "../config/format-config-errors.js";
import type { Finding } from "./finding.js";

const MARK: Record<Finding["severity"], string> = { error: "✗", warning: "!", ok: "✓", info: "·" };
const ORDER: Finding["severity"][] = ["error", "warning", "ok", "info"];

const where = (f: Finding): string => (f.file === null ? "" : f.line === null ? f.file : `${f.file}:${f.line}`);

/** Most severe first; within a severity, in the order found. */
export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity));

/** Counts as `2 errors, 1 warning`. */
export function countFindings(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** Plain text for a terminal: one line per finding (`✗ file:line  message`), the fix under it. */
export function formatFindingsText(findings: readonly Finding[]): string[] {
  return sortFindings(findings).flatMap((f) => {
    const place = where(f);
    const head = `${MARK[f.severity]} ${f.severity.padEnd(7)} ${place ? `${place}  ` : ""}${f.message}`;
    return f.fix ? [head, `          fix: ${f.fix}`] : [head];
  });
}

/**
 * Markdown for the dashboard and the onboarding PR: errors and warnings only (what needs doing), each with
 * its file and line and what to change. Empty when there is nothing to do.
 */
export function formatFindingsMarkdown(findings: readonly Finding[]): string[] {
  const actionable = sortFindings(findings).filter((f) => f.severity === "error" || f.severity === "warning");
  return actionable.map((f) => {
    const place = where(f);
    const fix = f.fix ? ` — **fix:** ${f.fix}` : "";
    return `- ${f.severity === "error" ? "❌" : "⚠️"} ${place ? `${codeSpan(place)}: ` : ""}${f.message}${fix}`;
  });
}
