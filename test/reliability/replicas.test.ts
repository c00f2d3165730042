import type { WebhookDelivery } from "../../sandbox/webhook-queue.js";
import { type AppInstance, startApp } from "../../sandbox/world/app.js";
import { createWorld, type DeliveryPolicy, type World } from "../../sandbox/world.js";
import { describeScenario, shuffle, smallSpec } from "./scenario.js";
import { type Outcome, outcomeOf } from "./world-outcome.js";

/** A second replica of the app on the same sandbox; each delivery goes to one of the two at random. */
async function runWithTwoReplicas(seed: number): Promise<Outcome> {
  let second: AppInstance | undefined;
  const deliver: DeliveryPolicy = async (batch, receive, random) => {
    const other = second;
    if (!other) {
      for (const d of batch) await receive(d);
      return;
    }
    const toOther = (d: WebhookDelivery) =>
      other.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never);
    await Promise.all(shuffle(batch, random).map((d) => (random() < 0.5 ? receive(d) : toOther(d))));
    await other.conductor.idle();
  };
  const world: World = await createWorld({ spec: smallSpec(), seed, deliver });
  try {
    second = await startApp({ sandbox: world.sandbox, clock: world.clock, logSink: () => {} });
    await world.openTask();
    await world.run();
    return await outcomeOf(world);
  } finally {
    second?.conductor.stop();
    await world.close();
  }
}

describeScenario("two replicas receive the deliveries at once", runWithTwoReplicas);
