import { renderCommands } from "./render-commands.js";
import { renderConfiguration } from "./render-configuration.js";

/** A page under `docs/` that is generated, never edited: its path from the repository root and its text. */
export interface GeneratedDoc {
  readonly path: string;
  readonly render: () => string;
}

/** Every generated page; `scripts/gen-docs.ts` writes them and `test/docs/generated.test.ts` diffs them. */
export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { path: "docs/configuration.md", render: renderConfiguration },
  { path: "docs/commands.md", render: renderCommands },
];
