import type { Brief } from "../../protocol/brief.js";
import { encodeMarker } from "../../protocol/marker.js";

/** GitHub refuses PR bodies over 65,536 characters; the hidden brief always fits, the readable part is cut. */
const MAX_BODY = 65_000;

const bullets = (items: readonly string[]): string[] => items.map((item) => `- ${item}`);

function section(title: string, lines: readonly string[]): string[] {
  return lines.length === 0 ? [] : [`### ${title}`, "", ...lines, ""];
}

function fence(text: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return [ticks, text, ticks];
}

/**
 * The module PR body (DESIGN §1.4, §5): the brief for humans — what the executor is asked to do and what
 * earlier attempts were told — followed by the machine brief in its hidden marker, which is what the
 * executor reads. Humans review the PR, so everything the executor gets is visible here too. `subIssue`: the
 * module's sub-issue, linked under the title (docs/task-graph.md#sub-issues).
 */
export function renderBriefBody(brief: Brief, subIssue: number | null = null): string {
  const items = brief.items.map((item) => {
    const where = item.file ? ` \`${item.file}${item.line ? `:${item.line}` : ""}\`` : "";
    const check = item.verification ? ` (verify: \`${item.verification}\`)` : "";
    return `- **${item.id}** [${item.severity}]${where}: ${item.issue.split("\n")[0]} → ${item.fix.split("\n")[0]}${check}`;
  });
  const feedback = brief.feedback.map((f) => {
    const checks = f.failed_checks.map((c) => c.name).join(", ");
    const findings = f.verify_findings.map((v) => v.message).join("; ");
    const parts = [`attempt ${f.attempt}: ${f.reason}`];
    if (checks) parts.push(`failed checks: ${checks}`);
    if (findings) parts.push(`verify: ${findings}`);
    if (f.note) parts.push(`maintainer's note: ${f.note.replace(/\s+/g, " ")}`);
    return `- ${parts.join(" · ")}`;
  });
  const readable = [
    `**Conductor** · task #${brief.task} · phase ${brief.phase} · module \`${brief.module}\` · attempt ${brief.attempt}${brief.mode === "resolve_conflict" ? " · resolving a merge conflict" : ""}`,
    "",
    ...(subIssue === null ? [] : [`Sub-issue: #${subIssue}`, ""]),
    "This PR is worked on by Conductor's executor. The brief below is what it was asked to do.",
    "",
    ...section("Instructions", fence(brief.instructions)),
    ...section("Success criteria", bullets(brief.success_criteria)),
    ...section("Gotchas", bullets(brief.gotchas)),
    ...section("Items", items),
    ...section("Paths", brief.paths.length > 0 ? [brief.paths.map((p) => `\`${p}\``).join(", ")] : []),
    ...section("Test command", brief.test_command ? [`\`${brief.test_command}\``] : []),
    ...section("Feedback from earlier attempts", feedback),
    `Budget: ${brief.budget.turns} turns, $${brief.budget.usd.toFixed(2)}, ${brief.budget.minutes} minutes · model \`${brief.model}\``,
  ].join("\n");
  const marker = encodeMarker("brief", brief);
  const room = MAX_BODY - marker.length - 40;
  const human = readable.length > room ? `${readable.slice(0, Math.max(0, room))}\n\n…(cut to fit)` : readable;
  return `${human}\n\n${marker}\n`;
}
