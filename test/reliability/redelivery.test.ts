import { describeScenario, runWorld, twice } from "./scenario.js";

describeScenario("every webhook delivered twice", (seed) => runWorld(seed, { deliver: twice }));
