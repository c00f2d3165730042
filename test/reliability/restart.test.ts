import { describeScenario, runWorld } from "./scenario.js";

// Before each step of the world (a delivered batch, a job, a tick) the app is stopped, its queued work
// finished, and a fresh one started that knows nothing and rebuilds its tasks from GitHub (`world.restart`).
describeScenario("the app restarted at random points with its memory dropped", (seed) =>
  runWorld(seed, { restartChance: 0.25 }),
);
