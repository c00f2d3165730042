import { lstat, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";

/** A path the model gave, resolved: absolute, and relative to the workspace with `/` separators. */
export interface ResolvedPath {
  abs: string;
  rel: string;
}

/** Where the model's tools may read and write (DESIGN §7 "Tools refuse paths…"). */
export interface PathPolicy {
  /** Inside the workspace (symlinks followed) and not in `.git`; throws an actionable error otherwise. */
  forRead(given: string): Promise<ResolvedPath>;
  /** `forRead`, and also inside the brief's `paths` (when any) and not protected. */
  forWrite(given: string): Promise<ResolvedPath>;
  /** Why `rel` (workspace-relative) may not be changed, or null when it may. Used on the final diff too. */
  writeRefusal(rel: string): string | null;
}

/**
 * A policy for one workspace and brief. Reads may go anywhere in the checkout: the model needs the
 * code around its module. Writes are held to the module's globs (plus `alsoWritable`: files a merge left
 * in conflict) and never touch protected paths.
 */
export function createPathPolicy(
  workspace: string,
  paths: readonly string[],
  protectedPaths: readonly string[],
  alsoWritable: readonly string[] = [],
) {
  const inPaths = paths.length > 0 ? picomatch([...paths], { dot: true }) : () => true;
  const isProtected = protectedPaths.length > 0 ? picomatch([...protectedPaths], { dot: true }) : () => false;
  let realRoot: Promise<string> | undefined;
  const rootPath = () => {
    realRoot ??= realpath(workspace);
    return realRoot;
  };

  const resolve = async (given: string): Promise<ResolvedPath> => {
    const root = await rootPath();
    const abs = path.resolve(root, given);
    const rel = path.relative(root, abs).split(path.sep).join("/");
    if (rel.startsWith("..") || path.isAbsolute(rel)) {
      throw new Error(`${given} is outside the repository checkout. Use a path relative to the repository root.`);
    }
    if (rel.split("/").includes(".git")) {
      throw new Error(`${given} is inside .git. Git metadata is off limits; the harness commits for you.`);
    }
    const real = await realpathOfExisting(abs);
    const realRel = path.relative(root, real);
    if (realRel.startsWith("..") || path.isAbsolute(realRel)) {
      throw new Error(`${given} leads outside the repository checkout through a symbolic link. Pick another path.`);
    }
    return { abs, rel: rel === "" ? "." : rel };
  };

  const writeRefusal = (rel: string): string | null => {
    if (isProtected(rel)) {
      return (
        `${rel} is protected (${protectedPaths.join(", ")}); Conductor never lets the executor change it. ` +
        "Leave it as it is and explain in finish's problems_encountered if the work needs it changed."
      );
    }
    if (!inPaths(rel) && !alsoWritable.includes(rel)) {
      return (
        `${rel} is outside this module's paths (${paths.join(", ")}). Change only files matching them; ` +
        "if the work truly needs this file, say so in finish's problems_encountered."
      );
    }
    return null;
  };

  return {
    forRead: resolve,
    async forWrite(given) {
      const resolved = await resolve(given);
      const refusal = writeRefusal(resolved.rel);
      if (refusal) throw new Error(`write refused: ${refusal}`);
      return resolved;
    },
    writeRefusal,
  } satisfies PathPolicy;
}

/**
 * The real path of `abs`, or of its nearest existing ancestor joined with the rest. A dangling symbolic
 * link is followed to where it points, because writing through it would create the file there.
 */
async function realpathOfExisting(abs: string, hops = 0): Promise<string> {
  try {
    return await realpath(abs);
  } catch {
    const link = await lstat(abs).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (link && hops < 40) return realpathOfExisting(path.resolve(path.dirname(abs), await readlink(abs)), hops + 1);
    const parent = path.dirname(abs);
    if (parent === abs) return abs;
    return path.join(await realpathOfExisting(parent, hops), path.basename(abs));
  }
}
