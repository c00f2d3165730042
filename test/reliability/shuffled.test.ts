import { describeScenario, runWorld, shuffledConcurrent } from "./scenario.js";

describeScenario("deliveries shuffled and concurrent", (seed) => runWorld(seed, { deliver: shuffledConcurrent }));
