import { renderSpec } from "../../plan/render.js";

/** Where the spec format is documented for users. */
export const SPEC_FORMAT_URL = "https://github.com/conductor-app/conductor/blob/main/docs/spec-format.md";

/** A small plan in the spec format (DESIGN §3): rendered from data, so it always parses. */
export const EXAMPLE_SPEC = renderSpec({
  phases: [
    {
      number: 1,
      name: "Database schema",
      tasks: ["Add a users table with an id primary key and a unique email"],
      modules: [
        {
          name: "migrations",
          slug: "migrations",
          paths: ["db/migrations/**"],
          test_command: null,
          instructions: "",
          fixes: [],
          depends_on: [],
        },
      ],
      test_command: "npm run migrate:check",
      success_criteria: ["the migration applies to an empty database"],
      gotchas: ["never edit a migration that has already shipped"],
    },
    {
      number: 2,
      name: "API and UI",
      tasks: ["Expose GET /users/:id", "Show the user's email on the profile page"],
      modules: [
        {
          name: "api",
          slug: "api",
          paths: ["src/api/**"],
          test_command: null,
          instructions: "",
          fixes: [],
          depends_on: [],
        },
        {
          name: "web",
          slug: "web",
          paths: ["src/web/**"],
          test_command: null,
          instructions: "",
          fixes: [],
          depends_on: [],
        },
      ],
      test_command: "npm test",
      success_criteria: ["GET /users/1 returns the user as JSON"],
      gotchas: [],
    },
  ],
});

/**
 * The comment for an installation without `ANTHROPIC_API_KEY`: the planner is off, so it says how to
 * write the plan by hand, with an example that parses, and how to start again.
 */
export function noKeyMessage(triggerLabel = "orchestrate"): string {
  return [
    "Conductor could not write a plan for this issue: the app has no `ANTHROPIC_API_KEY`, so its planner is off.",
    "",
    `Write the plan yourself: add a \`## Implementation Phases\` section to the issue body, then remove and re-add the \`${triggerLabel}\` label. Phases run in order; the modules of a phase run in parallel, each in its own pull request. \`Paths\` (in a \`#### Module: <name>\` section) limits the files a module may change. The format is described in [the spec format](${SPEC_FORMAT_URL}); a small example:`,
    "",
    "```markdown",
    EXAMPLE_SPEC.trimEnd(),
    "```",
    "",
    "Or ask whoever runs the app to set `ANTHROPIC_API_KEY` in its environment, and Conductor will propose a plan next time.",
  ].join("\n");
}
