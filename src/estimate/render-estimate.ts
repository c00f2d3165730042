import type { Actual } from "./actuals.js";
import { type Estimate, FIGURE_NAMES, type FigureName, type Figures, type Range } from "./estimate.js";

/** `850`, `12k`, `1.4M`. */
export function tokens(n: number): string {
  if (n < 1_000) return String(Math.round(n));
  if (n < 1_000_000) return `${Math.round(n / 1_000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** `45 s`, `12 min`, `3.5 h`. */
export function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

const FORMAT: Record<FigureName, (n: number) => string> = {
  attempts: (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1)),
  input_tokens: tokens,
  output_tokens: tokens,
  usd: (n) => `$${n.toFixed(2)}`,
  wall_ms: duration,
};

const HEADERS = "attempts | input tokens | output tokens | USD | wall time";

/** `1.3 (1–3)`: the figure, then its range. */
export function rangeText(name: FigureName, r: Range): string {
  const f = FORMAT[name];
  return `${f(r.mid)} (${f(r.low)}–${f(r.high)})`;
}

const row = (label: string, f: Figures) => `| ${label} | ${FIGURE_NAMES.map((n) => rangeText(n, f[n])).join(" | ")} |`;

/** The estimate as a Markdown table, one row per module and the total, then its method and notes. */
export function renderEstimate(e: Estimate): string[] {
  return [
    `| module | ${HEADERS} |`,
    "|---|---|---|---|---|---|",
    ...e.modules.map((m) => row(`${m.name} (phase ${m.phase})`, m.figures)),
    row("**total**", e.total),
    "",
    `Method: ${e.method_text}. Ranges are where the figure should land about 8 times in 10; wall time is from the first dispatch to the merge (the total follows phases and dependencies).`,
    ...(e.notes.length > 0 ? ["", ...e.notes.map((n) => `- ${n}`)] : []),
  ];
}

/** Where an actual figure fell: inside the range, or above or below it. */
export function verdict(r: Range, actual: number): "inside" | "above" | "below" {
  if (actual > r.high) return "above";
  if (actual < r.low) return "below";
  return "inside";
}

const MARK = { inside: "✓", above: "▲", below: "▼" } as const;

function compareCell(name: FigureName, r: Range, actual: number | null): string {
  if (actual === null) return `— vs ${rangeText(name, r)}`;
  return `${FORMAT[name](actual)} ${MARK[verdict(r, actual)]} vs ${rangeText(name, r)}`;
}

/**
 * Estimate vs actual (the final PR): each cell is the actual, a mark (✓ inside the range, ▲ above, ▼ below)
 * and the estimate; then how many figures landed inside.
 */
export function renderComparison(e: Estimate, actuals: ReadonlyMap<string, Actual>, total: Actual): string[] {
  let inside = 0;
  let counted = 0;
  const cells = (f: Figures, a: Actual | undefined) =>
    FIGURE_NAMES.map((n) => {
      const value = a ? a[n] : null;
      if (value !== null && value !== undefined) {
        counted += 1;
        if (verdict(f[n], value) === "inside") inside += 1;
      }
      return compareCell(n, f[n], value ?? null);
    }).join(" | ");
  const rows = e.modules.map((m) => `| ${m.name} (phase ${m.phase}) | ${cells(m.figures, actuals.get(m.key))} |`);
  return [
    `| module | ${HEADERS} |`,
    "|---|---|---|---|---|---|",
    ...rows,
    `| **total** | ${cells(e.total, total)} |`,
    "",
    `Actual ✓ inside / ▲ above / ▼ below the estimated range vs the estimate made ${new Date(e.at).toISOString().slice(0, 16).replace("T", " ")} UTC ${e.method_text}. ${inside} of ${counted} figures landed inside their range.`,
  ];
}
