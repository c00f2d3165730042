import type { Repo } from "./objects.js";
import { treeItems } from "./objects.js";
import { encodeTree, type TreeItem, typeOfMode, writeObject } from "./odb.js";

/** A change to apply to a tree: `sha: null` deletes the path (file or whole directory). */
export interface TreeEdit {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string | null;
}

interface Node {
  items: Map<string, TreeItem>;
  children: Map<string, Node>;
}

async function loadNode(repo: Repo, treeSha: string | undefined): Promise<Node> {
  const items = treeSha ? ((await treeItems(repo, treeSha)) ?? []) : [];
  return { items: new Map(items.map((i) => [i.name, i])), children: new Map() };
}

async function writeNode(repo: Repo, node: Node): Promise<string | undefined> {
  for (const [name, child] of node.children) {
    const sha = await writeNode(repo, child);
    // Git trees hold no empty directories; GitHub drops them too.
    if (sha) node.items.set(name, { mode: "040000", name, sha });
    else node.items.delete(name);
  }
  if (node.items.size === 0) return undefined;
  return writeObject(repo.gitDir, "tree", encodeTree([...node.items.values()]));
}

/**
 * Applies edits to a tree (or to the empty tree) in process: nested paths, deletions of files or
 * whole directories, and subtrees by sha, the way GitHub's "create a tree" does.
 */
export async function editTree(repo: Repo, baseTree: string | undefined, edits: readonly TreeEdit[]): Promise<string> {
  const root = await loadNode(repo, baseTree);
  for (const edit of edits) {
    const parts = edit.path.split("/").filter(Boolean);
    const name = parts.pop();
    if (!name) continue;
    let node = root;
    for (const dir of parts) {
      let child = node.children.get(dir);
      if (!child) {
        const existing = node.items.get(dir);
        child = await loadNode(repo, existing && typeOfMode(existing.mode) === "tree" ? existing.sha : undefined);
        node.children.set(dir, child);
      }
      node = child;
    }
    node.children.delete(name);
    if (edit.sha === null) node.items.delete(name);
    else node.items.set(name, { mode: edit.type === "tree" ? "040000" : edit.mode, name, sha: edit.sha });
  }
  return (await writeNode(repo, root)) ?? writeObject(repo.gitDir, "tree", Buffer.alloc(0));
}
