import { installEngines } from "../../scripts/install-engines.mjs";

/**
 * Vitest globalSetup: installs the pinned CLI engines into `.engines/` once, before any test file runs,
 * so the engine tests (test/action/engines/) never race two `npm install`s into one directory. A no-op
 * when they are already there. On a fresh machine it takes about a minute and 0.9 GB
 * (docs/executor.md#measured).
 */
export default function setup(): void {
  installEngines();
}
