import type { TaskRecord } from "../src/core/record.js";
import { type Actual, moduleActual, taskActual } from "../src/estimate/actuals.js";
import { type Estimate, FIGURE_NAMES, type FigureName, type Figures, NO_HISTORY } from "../src/estimate/estimate.js";
import { estimatePlan } from "../src/estimate/estimate-plan.js";
import { historyFromRecords } from "../src/estimate/history-from-records.js";
import { median } from "../src/estimate/quantile.js";
import { verdict } from "../src/estimate/render-estimate.js";

/** The error figures of one method on one level (modules or whole tasks), per quantity. */
export interface ErrorFigures {
  /** How many estimate/actual pairs were compared. */
  pairs: number;
  /** Median of |estimate − actual| / actual, in %; null when no actual was above zero. */
  medianApe: Record<FigureName, number | null>;
  /** Share of actuals inside the estimate's range, in %. */
  inside: Record<FigureName, number>;
}

export interface Backtest {
  tasks: number;
  modules: number;
  /** How many estimates were made from history (the others fell back to the priors). */
  fromHistory: number;
  leaveOneOut: { modules: ErrorFigures; tasks: ErrorFigures };
  priors: { modules: ErrorFigures; tasks: ErrorFigures };
}

type Pair = { figures: Figures; actual: Actual };

function errors(pairs: readonly Pair[]): ErrorFigures {
  const medianApe = {} as Record<FigureName, number | null>;
  const inside = {} as Record<FigureName, number>;
  for (const name of FIGURE_NAMES) {
    const known = pairs.flatMap((p) => {
      const a = p.actual[name];
      return a === null ? [] : [{ r: p.figures[name], a }];
    });
    const ape = known.filter((k) => k.a > 0).map((k) => (100 * Math.abs(k.r.mid - k.a)) / k.a);
    medianApe[name] = ape.length === 0 ? null : median(ape);
    const hits = known.filter((k) => verdict(k.r, k.a) === "inside").length;
    inside[name] = known.length === 0 ? 0 : (100 * hits) / known.length;
  }
  return { pairs: pairs.length, medianApe, inside };
}

function pairsOf(record: TaskRecord, estimate: Estimate): { modules: Pair[]; task: Pair } {
  const modules = estimate.modules.flatMap((e) => {
    const m = record.modules.find((x) => x.key === e.key);
    return m ? [{ figures: e.figures, actual: moduleActual(record, m) }] : [];
  });
  return { modules, task: { figures: estimate.total, actual: taskActual(record) } };
}

/**
 * The backtest (docs/estimates.md#backtest): each finished task is estimated from the others' records
 * (leave-one-out, through the same reading the app uses) and from the priors alone, and compared with what it
 * took. Pure: the records come in.
 */
export function backtest(records: readonly TaskRecord[]): Backtest {
  const done = records.filter((r) => r.status === "done" && r.plan !== null);
  const loo = { modules: [] as Pair[], tasks: [] as Pair[] };
  const pri = { modules: [] as Pair[], tasks: [] as Pair[] };
  let fromHistory = 0;
  for (const record of done) {
    if (!record.plan) continue;
    const others = done.filter((r) => r !== record).map((r) => ({ path: `tasks/${r.issue}.json`, json: r }));
    const history = historyFromRecords(others);
    const byHistory = estimatePlan(record.plan, history, record.config, 0);
    if (byHistory.method === "history") fromHistory += 1;
    const byPriors = estimatePlan(record.plan, NO_HISTORY, record.config, 0);
    const a = pairsOf(record, byHistory);
    const b = pairsOf(record, byPriors);
    loo.modules.push(...a.modules);
    loo.tasks.push(a.task);
    pri.modules.push(...b.modules);
    pri.tasks.push(b.task);
  }
  return {
    tasks: done.length,
    modules: loo.modules.length,
    fromHistory,
    leaveOneOut: { modules: errors(loo.modules), tasks: errors(loo.tasks) },
    priors: { modules: errors(pri.modules), tasks: errors(pri.tasks) },
  };
}
