/**
 * Helpers for the end-to-end scenarios: a world per test (closed afterwards), small specs over the
 * sample repository so each scenario runs in seconds, and what a user would look at on the repository.
 */
import { afterEach, expect } from "vitest";
import { createWorld, type World, type WorldOptions } from "../../sandbox/world.js";

/**
 * Long enough for a 3 × 3 task on a loaded 2-core machine, each module's run including the verify jobs the
 * sample repository asks for (`gates.reverify: required`, docs/security.md#independent-re-verification).
 */
export const E2E_TIMEOUT = 300_000;

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

/** A world (closed after the test), its task issue opened and labelled unless `open: false`. */
export async function startWorld(options: WorldOptions & { open?: boolean } = {}): Promise<World> {
  const { open = true, ...rest } = options;
  const world = await createWorld(rest);
  worlds.push(world);
  if (open) await world.openTask();
  return world;
}

/** One phase of one or more sample modules; the spec format of DESIGN §3. */
export function spec(title: string, phases: string[][]): string {
  const lines = [title, "", "Built by the end-to-end tests on the sample repository.", "", "## Implementation Phases"];
  phases.forEach((modules, i) => {
    lines.push("", `### Phase ${i + 1}: ${modules.join(" and ")}`, `- Write ${modules.join(", ")}`);
    lines.push(`Modules: ${modules.join(", ")}`);
    for (const name of modules) {
      lines.push("", `#### Module: ${name}`, `Paths: src/${name}.js, test/${name}.test.js`);
      lines.push(`Test Command: node test/${name}.test.js`);
    }
  });
  return `${lines.join("\n")}\n`;
}

/** The sandbox kept GitHub's contract, nothing inside it broke, and the app threw nothing. */
export function expectClean(world: World): void {
  expect(world.sandbox.violations()).toEqual([]);
  expect(world.sandbox.internalErrors()).toEqual([]);
  expect(world.errors).toEqual([]);
}

/** The module PRs of the task (title `[conductor #n] Phase k: module`), by number. */
export function modulePulls(world: World) {
  const state = world.sandbox.state();
  return Object.values(state.pulls)
    .map((pull) => ({
      ...pull,
      title: state.issues[pull.number]?.title ?? "",
      body: state.issues[pull.number]?.body ?? "",
    }))
    .filter((pull) => pull.title.startsWith(`[conductor #${world.issue}] Phase`))
    .sort((a, b) => a.number - b.number);
}

/** The final PR: integration branch into the default branch. */
export function finalPull(world: World) {
  const state = world.sandbox.state();
  const pull = Object.values(state.pulls).find(
    (p) => p.head === `conductor/${world.issue}/integration` && p.base === world.sandbox.defaultBranch,
  );
  return (
    pull && { ...pull, title: state.issues[pull.number]?.title ?? "", body: state.issues[pull.number]?.body ?? "" }
  );
}

/** Comments on an issue or PR, oldest first. */
export function commentsOn(world: World, issue: number) {
  return Object.values(world.sandbox.state().comments)
    .filter((c) => c.issue === issue)
    .sort((a, b) => a.id - b.id);
}

/** The issue's labels. */
export const labelsOf = (world: World, issue: number) => world.sandbox.state().issues[issue]?.labels ?? [];

/** A file at a ref of the repository, as `git show ref:path` prints it. */
export const show = (world: World, ref: string, path: string) => world.sandbox.git(["show", `${ref}:${path}`]);

/** The integration branch of the task. */
export const integration = (world: World) => `conductor/${world.issue}/integration`;
