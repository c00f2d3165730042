import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument, type YAMLMap } from "yaml";
import { patternProblem } from "./filter-pattern.js";
import {
  FILTER_KEYS,
  type Filter,
  type FilterKey,
  type Job,
  type Step,
  type Trigger,
  type Workflow,
} from "./workflow.js";

/**
 * Reads a workflow file's text into a `Workflow` with the line of every trigger, filter, job, `if:` and
 * step (the `yaml` package's document API keeps each node's offset). It never throws: what GitHub would
 * refuse (YAML errors, `branches` together with `branches-ignore`, a bad pattern) becomes a problem with
 * its line, and the rest is read as far as it can be.
 */
export function parseWorkflow(path: string, text: string): Workflow {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: unknown): number => {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined ? 1 : lines.linePos(offset).line;
  };
  const workflow: Workflow = {
    path,
    name: null,
    onLine: 1,
    triggers: [],
    jobs: [],
    env: {},
    workingDirectory: null,
    problems: [],
  };
  for (const error of document.errors) {
    const line = error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line;
    workflow.problems.push({ line, message: `YAML syntax error: ${error.message.split("\n")[0]}` });
  }
  const root = document.contents;
  if (!isMap(root)) {
    if (workflow.problems.length === 0) workflow.problems.push({ line: 1, message: "the file is not a YAML mapping" });
    return workflow;
  }
  const name = scalarText(get(root, "name")?.value);
  if (name !== null) workflow.name = name;
  workflow.env = stringMap(get(root, "env")?.value);
  workflow.workingDirectory = runDefaults(get(root, "defaults")?.value);

  const on = get(root, "on");
  if (!on) workflow.problems.push({ line: 1, message: "no `on:` key: GitHub never runs this workflow" });
  else {
    workflow.onLine = lineOf(on.key);
    workflow.triggers = readTriggers(on.value, lineOf(on.key), lineOf, workflow);
  }
  const jobs = get(root, "jobs")?.value;
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const id = scalarText(pair.key);
      if (id !== null) workflow.jobs.push(readJob(id, pair, lineOf));
    }
  }
  return workflow;
}

type LineOf = (node: unknown) => number;

function get(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && String(item.key.value) === key) as Pair | undefined;
}

function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const value = node.value;
  return value === null || value === undefined ? null : String(value);
}

function stringList(node: unknown): string[] | null {
  if (isScalar(node)) {
    const text = scalarText(node);
    return text === null ? [] : [text];
  }
  if (!isSeq(node)) return null;
  return node.items.map(scalarText).filter((text): text is string => text !== null);
}

function stringMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = scalarText(pair.key);
    const value = scalarText(pair.value);
    if (key !== null && value !== null) out[key] = value;
  }
  return out;
}

function runDefaults(node: unknown): string | null {
  if (!isMap(node)) return null;
  const run = get(node, "run")?.value;
  return isMap(run) ? scalarText(get(run, "working-directory")?.value) : null;
}

function readTriggers(node: unknown, onLine: number, lineOf: LineOf, workflow: Workflow): Trigger[] {
  if (isScalar(node)) {
    const event = scalarText(node);
    return event === null ? [] : [{ event, line: onLine, filters: {} }];
  }
  if (isSeq(node)) {
    return node.items.flatMap((item) => {
      const event = scalarText(item);
      return event === null ? [] : [{ event, line: lineOf(item), filters: {} }];
    });
  }
  if (!isMap(node)) return [];
  const triggers: Trigger[] = [];
  for (const pair of node.items) {
    const event = scalarText(pair.key);
    if (event === null) continue;
    const trigger: Trigger = { event, line: lineOf(pair.key), filters: {} };
    if (isMap(pair.value)) {
      for (const key of FILTER_KEYS) {
        const entry = get(pair.value, key);
        if (!entry) continue;
        const values = stringList(entry.value);
        const line = lineOf(entry.key);
        if (values === null) {
          workflow.problems.push({ line, message: `\`${event}.${key}\` must be a list of strings` });
          continue;
        }
        trigger.filters[key] = { values, line } satisfies Filter;
        if (key !== "types") {
          for (const pattern of values) {
            const problem = patternProblem(pattern);
            if (problem) workflow.problems.push({ line, message: problem });
          }
        }
      }
      for (const [include, exclude] of PAIRS) {
        const both = trigger.filters[exclude];
        if (trigger.filters[include] && both) {
          workflow.problems.push({
            line: both.line,
            message: `\`${event}\` has both \`${include}\` and \`${exclude}\`, which GitHub refuses: keep one (a \`!pattern\` in \`${include}\` excludes)`,
          });
        }
      }
    }
    triggers.push(trigger);
  }
  return triggers;
}

const PAIRS: readonly [FilterKey, FilterKey][] = [
  ["branches", "branches-ignore"],
  ["paths", "paths-ignore"],
  ["tags", "tags-ignore"],
];

function readJob(id: string, pair: Pair, lineOf: LineOf): Job {
  const job: Job = {
    id,
    name: id,
    line: lineOf(pair.key),
    if: null,
    needs: [],
    uses: null,
    steps: [],
    env: {},
    workingDirectory: null,
    matrix: false,
  };
  const body = pair.value;
  if (!isMap(body)) return job;
  const name = scalarText(get(body, "name")?.value);
  // A name with an expression (`Test (${{ matrix.os }})`) is still a check name GitHub renders; keep the text.
  if (name !== null) job.name = name;
  const condition = get(body, "if");
  const conditionText = condition ? scalarText(condition.value) : null;
  if (condition && conditionText !== null) job.if = { text: conditionText, line: lineOf(condition.key) };
  job.needs = stringList(get(body, "needs")?.value) ?? [];
  job.uses = scalarText(get(body, "uses")?.value);
  job.env = stringMap(get(body, "env")?.value);
  job.workingDirectory = runDefaults(get(body, "defaults")?.value);
  const strategy = get(body, "strategy")?.value;
  job.matrix = isMap(strategy) && get(strategy, "matrix") !== undefined;
  const steps = get(body, "steps")?.value;
  if (isSeq(steps)) {
    for (const item of steps.items) if (isMap(item)) job.steps.push(readStep(item, lineOf));
  }
  return job;
}

function readStep(map: YAMLMap, lineOf: LineOf): Step {
  return {
    line: lineOf(map),
    name: scalarText(get(map, "name")?.value),
    run: scalarText(get(map, "run")?.value),
    uses: scalarText(get(map, "uses")?.value),
    shell: scalarText(get(map, "shell")?.value),
    workingDirectory: scalarText(get(map, "working-directory")?.value),
    env: stringMap(get(map, "env")?.value),
    if: scalarText(get(map, "if")?.value),
  };
}
