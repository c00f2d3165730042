import type { Config } from "../config/schema.js";
import { moduleKey } from "../core/ids.js";
import type { Plan } from "../plan/plan.js";
import { criticalPath } from "./critical-path.js";
import type { Estimate, FIGURE_NAMES, Figures, History, ModuleEstimate, Range } from "./estimate.js";
import { historyFigures, matchingSamples } from "./history-figures.js";
import { moduleSize } from "./module-size.js";
import { priorFigures } from "./priors.js";

/**
 * Finished modules the repository needs before its own history is used instead of the priors
 * (docs/estimates.md#which-method). Five gives the 10th/90th percentiles at least a neighbour each side of
 * the median; fewer and one odd module sets the range.
 */
export const MIN_HISTORY_MODULES = 5;

/** Rounds for display without narrowing the range: the low end down, the high end up. */
const round = (r: Range, digits: number): Range => {
  const f = 10 ** digits;
  return { low: Math.floor(r.low * f) / f, mid: Math.round(r.mid * f) / f, high: Math.ceil(r.high * f) / f };
};

function tidy(f: Figures): Figures {
  return {
    attempts: round(f.attempts, 1),
    input_tokens: round(f.input_tokens, 0),
    output_tokens: round(f.output_tokens, 0),
    usd: round(f.usd, 4),
    wall_ms: round(f.wall_ms, 0),
  };
}

/** Sums every figure but wall time; attempts of all modules go well or badly together (comonotone). */
function sum(modules: readonly ModuleEstimate[], key: Exclude<(typeof FIGURE_NAMES)[number], "wall_ms">): Range {
  return modules.reduce(
    (acc, m) => ({
      low: acc.low + m.figures[key].low,
      mid: acc.mid + m.figures[key].mid,
      high: acc.high + m.figures[key].high,
    }),
    { low: 0, mid: 0, high: 0 },
  );
}

/**
 * The estimate of `plan` (docs/estimates.md): from the repository's finished modules when there are at least
 * `MIN_HISTORY_MODULES`, else from each module's brief and the stated priors. Pure: `history` is what the
 * adapter read, `now` stamps it.
 */
export function estimatePlan(plan: Plan, history: History, config: Config, now: number): Estimate {
  const samples = history.samples;
  const fromHistory = samples.length >= MIN_HISTORY_MODULES;
  const tasks = new Set(samples.map((s) => s.task)).size;
  let byRole = 0;
  const modules: ModuleEstimate[] = plan.phases.flatMap((phase) =>
    phase.modules.map((module) => {
      const size = moduleSize(phase, module);
      let figures: Figures;
      if (fromHistory) {
        const match = matchingSamples(samples, size.role, MIN_HISTORY_MODULES);
        if (match.byRole) byRole += 1;
        figures = historyFigures(match.samples);
      } else {
        figures = priorFigures(size, config);
      }
      return {
        key: moduleKey(phase.number, module.slug),
        name: module.name,
        phase: phase.number,
        figures: tidy(figures),
      };
    }),
  );
  const wallOf = (pick: "low" | "mid" | "high") => {
    const byName = new Map(modules.map((m) => [m.name, m.figures.wall_ms[pick]]));
    return criticalPath(plan, config.limits.overlap, (name) => byName.get(name) ?? 0);
  };
  const total = tidy({
    attempts: sum(modules, "attempts"),
    input_tokens: sum(modules, "input_tokens"),
    output_tokens: sum(modules, "output_tokens"),
    usd: sum(modules, "usd"),
    wall_ms: { low: wallOf("low"), mid: wallOf("mid"), high: wallOf("high") },
  });
  const roleText = byRole > 0 ? `; ${byRole} module${byRole === 1 ? "" : "s"} matched on role` : "";
  const method_text = fromHistory
    ? `from this repository's history: ${samples.length} finished modules of ${tasks} task${tasks === 1 ? "" : "s"} (10th–90th percentile${roleText})`
    : `from the brief's size and the priors in docs/estimates.md#priors (${samples.length} finished module${samples.length === 1 ? "" : "s"} in this repository's history; ${MIN_HISTORY_MODULES} are needed to use it)`;
  return {
    method: fromHistory ? "history" : "priors",
    method_text,
    samples: samples.length,
    at: now,
    modules,
    total,
    notes: [...history.notes],
  };
}
