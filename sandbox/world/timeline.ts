/** One reconcile as the world saw it: what started it, the events the core got, the effects performed. */
export interface TimelineEntry {
  /** World time (ms since the epoch) of the first line. */
  at: number;
  /** `issues.labeled`, `pull_request.synchronize`, `tick`, … */
  source: string;
  task: number | null;
  events: string[];
  effects: string[];
  /** Effects that failed and stay in the outbox. */
  failed: string[];
}

/** A line the app logged at warn or above. */
export interface AppLogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/**
 * Builds the timeline (event → effects) from the app's structured log: `reconcile` logs the events it
 * built and each effect it performed, with the delivery (or sweep) and the task in the bindings.
 */
export class Timeline {
  readonly entries: TimelineEntry[] = [];
  readonly problems: AppLogLine[] = [];
  #open = new Map<string, TimelineEntry>();

  constructor(
    private readonly clock: () => number,
    private readonly describe: (delivery: string) => string,
  ) {}

  /** Takes one JSON log line (pino's output). */
  write(line: string): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const level = typeof parsed.level === "number" ? parsed.level : 0;
    const msg = typeof parsed.msg === "string" ? parsed.msg : "";
    if (level >= 40) this.problems.push({ ...parsed, level, msg });
    const task = typeof parsed.task === "number" ? parsed.task : null;
    if (task === null) return;
    if (msg === "events" && Array.isArray(parsed.events)) {
      this.entry(parsed, task).events.push(...parsed.events.map(String));
    } else if (msg === "performed" && typeof parsed.effect === "string") {
      this.entry(parsed, task).effects.push(label(parsed.effect, parsed.module));
    } else if (/stays in the outbox|given up/.test(msg) && typeof parsed.effect === "string") {
      this.entry(parsed, task).failed.push(label(parsed.effect, parsed.module));
    }
  }

  /** The timeline as lines: `09:00:01 issues.labeled #1  LabelAdded → CreateBranch, OpenPullRequest(p1-money)`. */
  lines(): string[] {
    return this.entries
      .filter((e) => e.events.length > 0 || e.effects.length > 0)
      .map((e) => {
        const time = new Date(e.at).toISOString().slice(11, 19);
        const effects = e.effects.length > 0 ? e.effects.join(", ") : "(nothing to do)";
        const failed = e.failed.length > 0 ? `  [failed: ${e.failed.join(", ")}]` : "";
        return `${time} ${e.source} #${e.task}  ${e.events.join(", ") || "—"} → ${effects}${failed}`;
      });
  }

  #key(parsed: Record<string, unknown>, task: number): { key: string; source: string } {
    if (typeof parsed.delivery === "string") {
      return { key: `${parsed.delivery}/${task}`, source: this.describe(parsed.delivery) };
    }
    return { key: `sweep:${String(parsed.sweep)}/${task}`, source: "tick" };
  }

  private entry(parsed: Record<string, unknown>, task: number): TimelineEntry {
    const { key, source } = this.#key(parsed, task);
    let entry = this.#open.get(key);
    if (!entry) {
      entry = { at: this.clock(), source, task, events: [], effects: [], failed: [] };
      this.#open.set(key, entry);
      this.entries.push(entry);
    }
    return entry;
  }
}

const label = (effect: string, module: unknown) => (typeof module === "string" ? `${effect}(${module})` : effect);
