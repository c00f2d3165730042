/**
 * Resolves git's conflict markers by keeping both sides, ours first: what a model does with two
 * modules that each appended a line to the same file. Returns the text unchanged when it has none.
 */
export function resolveUnion(text: string): string {
  const out: string[] = [];
  let side: "none" | "ours" | "base" | "theirs" = "none";
  for (const line of text.split("\n")) {
    if (line.startsWith("<<<<<<< ")) side = "ours";
    else if (line.startsWith("||||||| ") && side === "ours") side = "base";
    else if (line === "=======" && side !== "none") side = "theirs";
    else if (line.startsWith(">>>>>>> ") && side === "theirs") side = "none";
    else if (side !== "base") out.push(line);
  }
  return out.join("\n");
}
