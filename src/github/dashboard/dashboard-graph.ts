import { currentPhase } from "../../core/advance.js";
import { prerequisitesOf, unmergedPrerequisites } from "../../core/graph.js";
import type { ModuleRecord, ModuleState, TaskRecord } from "../../core/record.js";
import { describeOverlap, findOverlaps } from "../../plan/overlaps.js";

/** A phase of the plan with its modules and checkpoint, as the dashboard shows it. */
export type PhaseView = {
  number: number;
  name: string;
  modules: ModuleRecord[];
  checkpoint: TaskRecord["checkpoints"][number] | undefined;
};

/**
 * Where a phase stands, decided once so the diagram and the phase's section below it never disagree:
 * `blocked` is the current phase of a blocked task, or one with a stopped module; `early` is a later
 * phase some of whose modules started because their dependencies merged.
 */
export type PhaseState = "done" | "blocked" | "active" | "early" | "waiting";

const STOPPED: readonly ModuleState[] = ["failed", "closed", "rolled_back"];

export function phaseState(r: TaskRecord, v: PhaseView): PhaseState {
  if (v.checkpoint) return "done";
  const stopped = v.modules.some((m) => STOPPED.includes(m.state));
  if (v.number === currentPhase(r)) return r.status === "blocked" || stopped ? "blocked" : "active";
  if (stopped) return "blocked";
  return v.modules.some((m) => m.state !== "pending") ? "early" : "waiting";
}

/** Mermaid node text: quotes, brackets and line breaks would end the label early. */
const mermaidText = (text: string): string => text.replace(/["\n[\]<>]/g, " ").slice(0, 60);

const PHASE_MARK: Record<PhaseState, string> = { done: " ✔", blocked: " ⛔", active: " ⏳", early: " ⏩", waiting: "" };

/** A module's colour: merged, at work, waiting its turn, or stopped. */
function moduleClass(state: ModuleState): "merged" | "working" | "queued" | "stopped" {
  switch (state) {
    case "merged":
      return "merged";
    case "opening":
    case "running":
    case "verifying":
    case "green":
    case "merging":
    case "updating":
      return "working";
    case "pending":
    case "backoff":
      return "queued";
    case "failed":
    case "rolled_back":
    case "closed":
      return "stopped";
    default: {
      const unexpected: never = state;
      throw new Error(`unhandled module state ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * Fills are GitHub's light Primer colours, and every class sets its text colour: GitHub renders Mermaid
 * with the reader's theme, and in dark mode the default (light) text on these fills cannot be read.
 */
const CLASS_DEFS = [
  "  classDef done fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
  "  classDef active fill:#ddf4ff,stroke:#0969da,color:#1f2328",
  "  classDef early fill:#ddf4ff,stroke:#0969da,stroke-dasharray:4 3,color:#1f2328",
  "  classDef blocked fill:#ffebe9,stroke:#cf222e,color:#1f2328",
  "  classDef waiting fill:#f6f8fa,stroke:#8c959f,color:#1f2328",
  "  classDef merged fill:#aceebb,stroke:#1a7f37,color:#1f2328",
  "  classDef working fill:#b6e3ff,stroke:#0969da,color:#1f2328",
  "  classDef queued fill:#ffffff,stroke:#8c959f,color:#1f2328",
  "  classDef stopped fill:#ffcecb,stroke:#cf222e,color:#1f2328",
];

/**
 * The dashboard's picture of the task graph (docs/architecture.md#the-dashboard): each phase a box with
 * its modules inside, phases in order, a solid arrow for each `Depends on:` and a dotted one where an
 * overlap makes a module wait for another, every module coloured by its state.
 */
export function flowchart(r: TaskRecord, views: PhaseView[]): string[] {
  if (views.length === 0) return [];
  const ids = new Map(r.modules.map((m, index) => [m.name, `M${index + 1}`]));
  const boxes = views.flatMap((v) => [
    `  subgraph P${v.number}["Phase ${v.number}: ${mermaidText(v.name)}${PHASE_MARK[phaseState(r, v)]}"]`,
    "    direction TB",
    ...v.modules.map((m) => `    ${ids.get(m.name)}["${mermaidText(m.name)}<br/>${m.state.replace("_", " ")}"]`),
    "  end",
  ]);
  const order = views.slice(1).map((v, i) => `  P${views[i]?.number} --> P${v.number}`);
  const edges = r.modules.flatMap((m) => {
    const { declared, overlap } = prerequisitesOf(r, m);
    const to = ids.get(m.name);
    return [
      ...declared.map((name) => `  ${ids.get(name)} --> ${to}`),
      ...overlap.map((name) => `  ${ids.get(name)} -.->|same files| ${to}`),
    ];
  });
  const classes = [
    ...views.map((v) => `  class P${v.number} ${phaseState(r, v)}`),
    ...r.modules.map((m) => `  class ${ids.get(m.name)} ${moduleClass(m.state)}`),
  ];
  return ["```mermaid", "flowchart LR", ...boxes, ...order, ...edges, ...classes, ...CLASS_DEFS, "```", ""];
}

/** What a pending module waits for, in the module table: `waits for db, api`. */
export function waitingFor(r: TaskRecord, m: ModuleRecord): string | null {
  if (m.state !== "pending") return null;
  const names = unmergedPrerequisites(r, m);
  return names.length === 0 ? null : `waits for ${names.join(", ")}`;
}

/** The plan's overlapping modules and what Conductor does about them, as a note above the phases. */
export function overlapNote(r: TaskRecord): string[] {
  if (!r.plan) return [];
  const overlaps = findOverlaps(r.plan);
  if (overlaps.length === 0) return [];
  const how =
    r.config.limits.overlap === "sequential"
      ? "each pair runs one after the other, in plan order (`limits.overlap: sequential`)"
      : "they run side by side and conflicts are resolved at merge (`limits.overlap: parallel`)";
  return ["> [!NOTE]", `> Paths overlap — ${how}:`, ...overlaps.map((o) => `> - ${describeOverlap(o)}`), ""];
}

/** What the task waits for before anything starts: the open issues that block it (docs/task-graph.md#blocked-by). */
export function blockersNote(r: TaskRecord): string[] {
  if (r.blockers.length === 0) return [];
  const list = r.blockers.map((n) => `#${n}`).join(", ");
  const verb = r.blockers.length === 1 ? "is" : "are";
  return [
    "> [!NOTE]",
    `> Waiting for ${list}: this task is blocked by ${r.blockers.length === 1 ? "it" : "them"}, and nothing starts while ${list} ${verb} open. Closing the last one starts it; no new label is needed.`,
    "",
  ];
}
