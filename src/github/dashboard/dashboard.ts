import { renderHelp } from "../../commands/table.js";
import { currentPhase } from "../../core/advance.js";
import { planModule } from "../../core/brief.js";
import type { ModuleRecord, TaskRecord } from "../../core/record.js";
import { lastAttempt } from "../../core/step.js";
import { renderSpec } from "../../plan/render.js";
import { bareMarker } from "../../protocol/marker.js";
import { estimateSection } from "./dashboard-estimate.js";
import { blockersNote, flowchart, overlapNote, type PhaseView, phaseState, waitingFor } from "./dashboard-graph.js";
import { preflightSection } from "./dashboard-preflight.js";
import { taskStats } from "./stats.js";

/** How the task's status reads in the dashboard's title. */
const STATUS_WORDS: Record<TaskRecord["status"], string> = {
  planning: "planning",
  awaiting_approval: "waiting for `/approve-plan`",
  running: "running",
  paused: "paused (the trigger label was removed)",
  blocked: "blocked",
  rolled_back: "rolled back — waiting for `/retry`",
  done: "done",
  aborted: "aborted",
};

/** Why module PRs are not drafts here, and what that means for CI (docs/architecture.md#ready-for-review-fallback). */
const READY_NOTE = [
  "> [!NOTE]",
  "> GitHub refuses draft PRs in this repository (a private repository on a Free or Pro plan), so module PRs open ready for review: CI may run on a module's start commit before the executor's first push. Those runs do not gate; only the checks on the executor's head do.",
  "",
];

const money = (usd: number): string => `$${usd.toFixed(2)}`;

/** `3 h 05 min`, `12 min`, `< 1 min`. */
export function elapsed(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Text for a table cell or a one-line mention: no pipes or line breaks, and not endless. */
function cell(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function phases(r: TaskRecord): PhaseView[] {
  return (r.plan?.phases ?? []).map((p) => ({
    number: p.number,
    name: p.name,
    modules: r.modules.filter((m) => m.phase === p.number),
    checkpoint: r.checkpoints.find((c) => c.phase === p.number),
  }));
}

function moduleRow(r: TaskRecord, m: ModuleRecord): string {
  // A module's specialist role (docs/spec-format.md#roles) is shown with its name: who worked on it.
  const role = planModule(r, m)?.module.role;
  const name = role === undefined ? cell(m.name, 60) : `${cell(m.name, 60)} · role: ${role}`;
  const last = lastAttempt(m);
  const failure = m.state === "merged" ? "" : (m.reason ?? last?.feedback?.reason ?? "");
  const sub = m.sub_issue === null ? "" : ` · sub-issue #${m.sub_issue.number}`;
  const pr = `${m.pr === null ? "—" : `#${m.pr}`}${sub}`;
  // A review attempt (docs/ai-review.md) is the reviewer's, not the author's: say so.
  const kind = last?.mode === "review" ? " · AI review" : "";
  const attempt = last ? `${last.number}${kind}${last.state === "running" ? " (running)" : ""}` : "—";
  // While a gate is pending, say what it waits for: that is what a maintainer looks at the dashboard for.
  const waiting =
    m.state === "verifying" && m.gate?.status === "pending" ? m.gate.reasons[0] : (waitingFor(r, m) ?? undefined);
  const state = waiting ? `${m.state}: ${cell(waiting, 80)}` : m.state;
  return `| ${name} | ${pr} | ${state} | ${attempt} | ${failure ? cell(failure) : "—"} |`;
}

function goLine(r: TaskRecord, v: PhaseView): string {
  const merged = v.modules.filter((m) => m.state === "merged").length;
  const count = `${merged}/${v.modules.length} modules merged`;
  const state = phaseState(r, v);
  switch (state) {
    case "done":
      return `✅ **Go** — ${count}; checkpoint \`${v.checkpoint?.sha.slice(0, 7)}\` at ${new Date(v.checkpoint?.at ?? 0).toISOString()}`;
    case "waiting":
      return `⏸ Not started — ${count}`;
    case "early":
      return `⏩ Started early (dependencies merged) — ${count}; merges after the phases before it`;
    case "active":
      return `⏳ In progress — ${count}`;
    case "blocked": {
      const stopped = v.modules.filter(
        (m) => m.state === "failed" || m.state === "closed" || m.state === "rolled_back",
      );
      const why = stopped.length > 0 ? `stopped: ${stopped.map((m) => m.name).join(", ")}` : "the task is blocked";
      return `⛔ **No-go** — ${count}; ${why}`;
    }
    default: {
      const unexpected: never = state;
      throw new Error(`unhandled phase state ${JSON.stringify(unexpected)}`);
    }
  }
}

function phaseSections(r: TaskRecord, views: PhaseView[]): string[] {
  return views.flatMap((v) => [
    `### Phase ${v.number}: ${cell(v.name, 100)}`,
    "",
    goLine(r, v),
    "",
    "| module | PR | state | attempt | last failure |",
    "|---|---|---|---|---|",
    ...v.modules.map((m) => moduleRow(r, m)),
    "",
  ]);
}

/** The task's statistics (src/github/dashboard/stats.ts) as a two-column table. */
function statsSection(r: TaskRecord, now: number): string[] {
  const s = taskStats(r, now);
  const rate = s.successRate === null ? "—" : `${Math.round(s.successRate * 100)}%`;
  return details("Statistics", [
    "| | |",
    "|---|---|",
    `| attempts | ${s.attempts} (${s.succeeded} succeeded, ${s.ended - s.succeeded} did not, ${s.attempts - s.ended} running) |`,
    `| success rate | ${rate} |`,
    `| escalations | ${s.escalations} |`,
    `| tokens | ${s.tokens.toLocaleString("en-US")} |`,
    `| cost | ${money(s.costUsd)} of ${money(r.config.limits.task_usd)} |`,
    `| duration | ${elapsed(s.durationMs)} |`,
  ]);
}

function details(summary: string, lines: string[]): string[] {
  return lines.length === 0 ? [] : [`<details><summary>${summary}</summary>`, "", ...lines, "", "</details>", ""];
}

/**
 * Who works on a module (docs/executor.md#engines), as claude-code-action and Copilot's agent show it:
 * the engine and model of its last reported attempt, with the repository instruction files it was
 * given; before any result, the engine and model its next brief will name.
 */
function agentLine(r: TaskRecord, m: ModuleRecord): string {
  const reported = [...m.attempts].reverse().find((a) => a.result?.agent)?.result?.agent;
  const role = planModule(r, m)?.module.role;
  const engine = reported?.engine ?? r.config.executor.engine;
  const model = reported?.model ?? (role ? r.config.roles[role]?.model : undefined) ?? r.config.executor.model;
  const files = reported?.instructions ?? [];
  const read =
    reported === undefined
      ? ""
      : ` · instructions: ${files.length > 0 ? files.map((f) => cell(f, 60)).join(", ") : "none"}`;
  return `- ${cell(m.name, 60)}: engine \`${cell(engine, 20)}\` · model \`${cell(model, 60)}\`${read}`;
}

/**
 * The dashboard comment (DESIGN §1): a view of the task record, rendered whole on every change and never
 * read back as state. Status line, a Mermaid flowchart of the phases, one section per phase with its
 * go/no-go line and checkpoint, one line per module, the plan in the spec format (so it can be copied into
 * the issue), recent events and the commands. `now` only feeds "elapsed".
 */
export function renderDashboard(r: TaskRecord, now: number): string {
  const views = phases(r);
  const current = currentPhase(r);
  const merged = r.modules.filter((m) => m.state === "merged").length;
  const attempts = r.modules.reduce((n, m) => n + m.attempts.length, 0);
  const phaseText =
    views.length === 0
      ? "no plan yet"
      : current === null
        ? `all ${views.length} phases done`
        : `phase ${views.findIndex((v) => v.number === current) + 1} of ${views.length}`;
  const lines = [
    bareMarker("dashboard"),
    `## Conductor · #${r.issue} — ${STATUS_WORDS[r.status]}`,
    "",
    `**${phaseText}** · ${merged}/${r.modules.length} modules merged · ${attempts} attempt${attempts === 1 ? "" : "s"} · ${money(r.cost_usd)} of ${money(r.config.limits.task_usd)} · ${elapsed(now - r.created_at)} elapsed`,
    "",
  ];
  if (r.escalation.open && r.escalation.reason)
    lines.push(`> [!WARNING]`, `> Blocked: ${cell(r.escalation.reason, 400)}`, "");
  if (r.drafts_refused) lines.push(...READY_NOTE);
  if (r.sub_issues_unavailable !== null) {
    lines.push(
      "> [!WARNING]",
      `> Sub-issues are unavailable (${cell(r.sub_issues_unavailable, 200)}): GitHub's sub-issues API is missing or the app may not use it. The task goes on without them (docs/task-graph.md#sub-issues).`,
      "",
    );
  }
  if (r.plan_errors.length > 0) {
    lines.push("**The plan could not be used:**", "", ...r.plan_errors.map((e) => `- ${cell(e, 400)}`), "");
  }
  lines.push(...preflightSection(r));
  if (r.final_pr !== null) lines.push(`Final PR: #${r.final_pr}`, "");
  lines.push(...blockersNote(r), ...overlapNote(r), ...estimateSection(r));
  lines.push(...flowchart(r, views), ...phaseSections(r, views));
  if (r.plan) {
    lines.push(
      ...details("Plan (copy into the issue body to edit it)", ["````markdown", renderSpec(r.plan).trimEnd(), "````"]),
    );
  }
  const events = [...r.log]
    .reverse()
    .map((e) => `- ${new Date(e.at).toISOString().slice(0, 16).replace("T", " ")} — ${cell(e.text, 300)}`);
  if (r.modules.length > 0)
    lines.push(
      ...details(
        "Engines and models",
        r.modules.map((m) => agentLine(r, m)),
      ),
    );
  lines.push(
    ...statsSection(r, now),
    ...details("Recent events", events),
    ...details("Commands", [renderHelp(r.config)]),
  );
  return lines.join("\n").trimEnd();
}
