/**
 * Whose CPU a profiler sample is, judged from its stack. The sandbox runs in the app's process, so
 * `process.cpuUsage` around a delivery mixes the app with the stand-in GitHub (routing, OpenAPI checks,
 * git subprocess I/O), the world's own code (timeline parsing of the app's log) and Node's other
 * threads. A stack sample says which code was on the CPU.
 */
import type { Profiler } from "node:inspector";

/**
 * - `app`: Conductor's code, or library code (Octokit, Probot, pino, zod) the app's code was running;
 * - `github`: the sandbox, standing in for GitHub (its time is GitHub's, not the app's);
 * - `world`: the world and the benchmark around the app (delivery, timeline, measuring);
 * - `runtime`: Node internals with no project code on the stack (e.g. the sandbox's git pipes);
 * - `shared`: garbage collection and V8's own work, caused by whoever allocated;
 * - `idle`: waiting (git subprocesses, timers).
 */
export const CPU_OWNERS = ["app", "github", "world", "runtime", "shared", "idle"] as const;
export type CpuOwner = (typeof CPU_OWNERS)[number];

/** A zero for every owner. */
export const noCpu = (): Record<CpuOwner, number> => ({ app: 0, github: 0, world: 0, runtime: 0, shared: 0, idle: 0 });

/** The project file a frame belongs to, e.g. `src/github/store/store.ts`, or `null` for libraries and Node. */
export function projectPath(url: string, root: string): string | null {
  if (!url.startsWith(root)) return null;
  const path = url.slice(root.length);
  return path.startsWith("node_modules/") ? null : path;
}

/** The owner of a project file. */
export function ownerOfPath(path: string): CpuOwner {
  if (path.startsWith("sandbox/world/") || path.startsWith("sandbox/world.ts")) return "world";
  if (path.startsWith("sandbox/")) return "github";
  if (path.startsWith("src/")) return "app";
  return "world";
}

const SPECIAL: Record<string, CpuOwner> = {
  "(garbage collector)": "shared",
  "(program)": "shared",
  "(idle)": "idle",
  "(root)": "idle",
};

/**
 * Who a sample is charged to. `frame`: the nearest project function on the stack, or for library code
 * with no Conductor frame under it (resumed after an await, or Probot called by the world), the outermost
 * library on it; `self`: the function on top; `code`: whose code
 * that is (a package, `Conductor`, or `Node/V8 built-ins`).
 */
export interface SampleOwner {
  owner: CpuOwner;
  frame: string;
  self: string;
  code: string;
}

/** `@octokit/request` for a file under node_modules, else `null`. */
export function packageOf(url: string): string | null {
  const at = url.lastIndexOf("node_modules/");
  if (at < 0) return null;
  const [first = "", second = ""] = url.slice(at + 13).split("/");
  return first.startsWith("@") ? `${first}/${second}` : first;
}

/** Walks a profile's call tree once: for each node, its owner and the project frame that decided it. */
export function ownersOf(profile: Profiler.Profile, root: string): Map<number, SampleOwner> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const result = new Map<number, SampleOwner>();
  for (const leaf of profile.nodes) {
    const special = SPECIAL[leaf.callFrame.functionName];
    if (special) {
      const name = leaf.callFrame.functionName;
      result.set(leaf.id, { owner: special, frame: name, self: name, code: name });
      continue;
    }
    // The nearest project frame decides: a library called by the sandbox is the sandbox's.
    let outermost: string | null = null;
    let found: { owner: CpuOwner; frame: string } | undefined;
    for (let id: number | undefined = leaf.id; id !== undefined && !found; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) break;
      const path = projectPath(frame.url, root);
      if (path) found = { owner: ownerOfPath(path), frame: `${path} ${frame.functionName || "(anonymous)"}` };
      else outermost = packageOf(frame.url) ?? outermost;
    }
    // Library code resumed after an await has no project frame below it, and the world hands a delivery
    // to Probot, whose dispatch runs under the world's frame. Inside a delivery only the app runs
    // libraries either way (the sandbox's ajv and zod run under its own frames, which decide first).
    const { url, functionName } = leaf.callFrame;
    const leafPath = projectPath(url, root);
    const code = packageOf(url) ?? (leafPath ? "Conductor" : "Node/V8 built-ins");
    const self = `${leafPath ?? packageOf(url) ?? url.slice(url.lastIndexOf("/") + 1)} ${functionName || "(anonymous)"}`;
    const decided: { owner: CpuOwner; frame: string } =
      outermost && (!found || found.owner === "world")
        ? { owner: "app", frame: `(library) ${outermost}` }
        : (found ?? { owner: "runtime", frame: self });
    result.set(leaf.id, { ...decided, self, code });
  }
  return result;
}
