import { describe, expect, test } from "vitest";
import { newlyAdded } from "../../src/verify/newly-added.js";
import { patchLines } from "../../src/verify/patch-lines.js";

describe("patchLines", () => {
  test("numbers added lines from the hunk headers, across hunks", () => {
    const patch = [
      '@@ -1,4 +1,5 @@ import { z } from "zod";',
      ' import a from "a";',
      '-import b from "b";',
      '+import b from "./b.js";',
      '+import c from "./c.js";',
      " ",
      " export const x = 1;",
      "@@ -40,3 +41,4 @@ export function f() {",
      "   const y = 2;",
      "+  return y;",
      " }",
      "\\ No newline at end of file",
    ].join("\n");
    const { added, removed } = patchLines(patch);
    expect(added).toEqual([
      { line: 2, text: 'import b from "./b.js";' },
      { line: 3, text: 'import c from "./c.js";' },
      { line: 42, text: "  return y;" },
    ]);
    expect(removed).toEqual([{ oldLine: 2, at: 1, text: 'import b from "b";' }]);
  });

  test("a header without counts, and CRLF lines", () => {
    const { added } = patchLines("@@ -3 +3 @@\r\n-old\r\n+new\r\n");
    expect(added).toEqual([{ line: 3, text: "new" }]);
  });

  test("removals point at the line before them, the hunk start, or nowhere when the file is emptied", () => {
    expect(patchLines("@@ -10,3 +9,0 @@\n-a\n-b\n-c").removed.map((r) => r.at)).toEqual([9, 9, 9]);
    expect(patchLines("@@ -1,2 +0,0 @@\n-a\n-b").removed.map((r) => r.at)).toEqual([undefined, undefined]);
    expect(patchLines("@@ -5,3 +5,2 @@\n x\n-y\n z").removed).toEqual([{ oldLine: 6, at: 5, text: "y" }]);
  });

  test("text before the first hunk and malformed headers are ignored, not thrown on", () => {
    expect(patchLines("+not in a hunk\n@@ nonsense @@\n+still not\n")).toEqual({ added: [], removed: [] });
    expect(patchLines("@@ -1,1 +99999999999,1 @@\n+x")).toEqual({ added: [], removed: [] });
    expect(patchLines("")).toEqual({ added: [], removed: [] });
  });
});

describe("newlyAdded", () => {
  test("a line that was only moved or re-indented is not new; each removal excuses one addition", () => {
    const lines = patchLines(
      ["@@ -1,2 +1,4 @@", "-// TODO: old note", "-x();", "+  // TODO: old note", "+// TODO: old note", "+x();"].join(
        "\n",
      ),
    );
    expect(newlyAdded(lines)).toEqual([{ line: 2, text: "// TODO: old note" }]);
  });
});
