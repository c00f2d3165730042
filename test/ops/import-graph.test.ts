/**
 * The rooms' arrows (docs/architecture.md#the-rooms): no import circles anywhere in our code, and the lint
 * rule that keeps the direction refuses an import against it, as `npm run lint` would on a real file.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const ROOTS = ["src", "sandbox", "action/src"];

/** Every relative module a file imports: static, type-only, re-exported or dynamic with a literal path. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']/g,
    /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g,
    /\bimport\s+["'](\.{1,2}\/[^"']+)["']/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** The graph of our TypeScript files: file → the files it imports (`.js` specifiers name `.ts` sources). */
function importGraph(): Map<string, string[]> {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...ROOTS], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => f.endsWith(".ts"));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = relativeImports(readFileSync(join(ROOT, file), "utf8"))
      .map((spec) => normalize(join(dirname(file), spec)).replace(/\.js$/, ".ts"))
      .filter((target) => known.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
function circles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("import circles", () => {
  test("the finder finds a circle of three and a file importing itself, and nothing in a chain", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", ["d.ts"]],
      ["e.ts", ["a.ts"]],
    ]);
    expect(circles(graph)).toEqual([["d.ts"], ["a.ts", "b.ts", "c.ts"]]);
    expect(
      relativeImports('import type { A } from "./a.js";\nexport { b } from "../b.js";\nawait import("./c.js");'),
    ).toEqual(["./a.js", "../b.js", "./c.js"]);
  });

  test("src/, sandbox/ and action/src/ have none, type-only imports included", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(400);
    expect(circles(graph)).toEqual([]);
  });
});

/** A scratch folder with the repository's biome.json (its overrides apply by path), Git left out. */
const scratch = mkdtempSync(join(tmpdir(), "rooms-"));
const config = JSON.parse(readFileSync(join(ROOT, "biome.json"), "utf8"));
delete config.vcs;
delete config.$schema;
writeFileSync(join(scratch, "biome.json"), JSON.stringify(config));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `biome lint` says about `text` as the file at `path`, as `npm run lint` would on a real file. */
function lint(path: string, text: string): string {
  mkdirSync(join(scratch, dirname(path)), { recursive: true });
  writeFileSync(join(scratch, path), text);
  const run = spawnSync(join(ROOT, "node_modules/.bin/biome"), ["lint", path], { cwd: scratch, encoding: "utf8" });
  rmSync(join(scratch, path));
  return `${run.stdout}${run.stderr}`;
}

describe("the direction of imports (biome.json)", () => {
  const refused = "lint/style/noRestrictedImports";
  test.each([
    ["src/github/server/x.ts", 'export { SANDBOX_SUBCOMMANDS } from "../../../sandbox/cli/subcommands.js";\n'],
    ["src/core/x.ts", 'export { reconcile } from "../github/reconcile/reconcile.js";\n'],
    ["src/plan/x.ts", 'export { transition } from "../core/transition.js";\n'],
    ["src/protocol/x.ts", 'export { parseSpec } from "../plan/parse.js";\n'],
    // An override replaces the rule's options, so the plan's and the protocol's repeat the pure-core bans.
    ["src/plan/x.ts", 'export { readFileSync } from "node:fs";\n'],
    ["src/protocol/x.ts", 'export { Probot } from "probot";\n'],
    ["action/src/x.ts", 'export { transition } from "../../src/core/transition.js";\n'],
    ["action/src/engines/x.ts", 'export { createSandbox } from "../../../sandbox/index.js";\n'],
  ])("%s may not import that", (path, text) => {
    expect(lint(path, text)).toContain(refused);
  });

  test.each([
    ["src/github/server/x.ts", 'export { transition } from "../../core/transition.js";\n'],
    ["src/plan/x.ts", 'export { Brief } from "../protocol/brief.js";\n'],
    ["action/src/x.ts", 'export { Brief } from "../../src/protocol/brief.js";\n'],
    ["action/src/x.ts", 'export { setupSandbox } from "./sandbox/command-sandbox.js";\n'],
    ["sandbox/x.ts", 'export { reconcile } from "../src/github/reconcile/reconcile.js";\n'],
  ])("%s may import that", (path, text) => {
    expect(lint(path, text)).not.toContain(refused);
  });
});
