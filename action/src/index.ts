import { defaultDeps } from "./default-deps.js";
import { run } from "./run.js";

await run(defaultDeps());
