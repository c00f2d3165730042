import { describe, expect, test } from "vitest";
import { placeholder } from "../../src/verify/rules/placeholder.js";
import { verifyContext } from "../../src/verify/verify-context.js";
import { file, input, insertion, newFile } from "./fixtures.js";

/** The (line, marker) pairs the rule reports for `patch` in `path`. */
function found(path: string, patch: string | undefined): [number | undefined, string][] {
  return placeholder(verifyContext(input({ files: [file(path, patch)] }))).map((f) => {
    expect(f).toMatchObject({ rule: "placeholder", critical: false, path });
    return [f.line, /a (.+?) marker/.exec(f.message)?.[1] ?? ""];
  });
}

describe("placeholder: TODO, FIXME, placeholder, not implemented in added lines", () => {
  test.each([
    {
      name: "TypeScript: TODO comment and throw new Error('TODO'), at their new-file lines",
      path: "src/users.ts",
      patch: [
        "@@ -20,4 +20,8 @@ export class Users {",
        "   async find(id: string) {",
        "-    return this.db.get(id);",
        "+    // TODO: cache this",
        "+    return this.db.get(id);",
        "   }",
        "+  async remove(id: string) {",
        '+    throw new Error("TODO");',
        "+  }",
        " }",
      ].join("\n"),
      expected: [
        [21, "TODO"],
        [25, "TODO"],
      ],
    },
    {
      name: "Python: NotImplementedError and a FIXME",
      path: "app/users.py",
      patch: insertion(7, [
        "    def remove(self, id):",
        "        raise NotImplementedError",
        "    # FIXME handle None",
      ]),
      expected: [
        [9, "NotImplementedError"],
        [10, "FIXME"],
      ],
    },
    {
      name: 'Rust: unimplemented!() and todo!(), Go: panic("not implemented")',
      path: "src/lib.rs",
      patch: newFile(["fn a() { unimplemented!() }", "fn b() { todo!() }", 'func c() { panic("not implemented") }']),
      expected: [
        [1, "unimplemented!()"],
        [2, "todo!()"],
        [3, '"not implemented"'],
      ],
    },
    {
      name: "placeholder and XXX only in comments; lower-case todo only in comments",
      path: "web/form.tsx",
      patch: newFile([
        '<input placeholder="Your name" />',
        "const todoList = useTodos();",
        'const ssn = "XXX-XX-XXXX";',
        "{/* placeholder until the API exists */}",
        "// XXX remove before release",
        "# todo: wire this up",
      ]),
      expected: [
        [4, "placeholder"],
        [5, "XXX"],
        [6, "TODO"],
      ],
    },
    {
      name: "Python's NotImplemented sentinel is ordinary code",
      path: "app/money.py",
      patch: newFile(["    def __eq__(self, other):", "        return NotImplemented"]),
      expected: [],
    },
    {
      name: "a TODO that was only re-indented is not new",
      path: "src/a.ts",
      patch: ["@@ -1,2 +1,2 @@", "-// TODO: keep", "-x();", "+  // TODO: keep", "+  x();"].join("\n"),
      expected: [],
    },
    { name: "removed TODOs are welcome", path: "src/a.ts", patch: "@@ -3,1 +2,0 @@\n-// TODO: done now", expected: [] },
  ])("$name", ({ path, patch, expected }) => {
    expect(found(path, patch)).toEqual(expected);
  });

  test("a file with no patch is skipped, not crashed on", () => {
    expect(found("logo.png", undefined)).toEqual([]);
  });
});
