/** One webhook delivery, in the shape `probot.receive()` takes. */
export interface WebhookDelivery {
  /** The delivery GUID (`X-GitHub-Delivery`). */
  id: string;
  /** The event name (`X-GitHub-Event`), e.g. `pull_request`. */
  name: string;
  payload: Record<string, unknown>;
}

/** A listener called synchronously for each emitted delivery. */
export type WebhookListener = (delivery: WebhookDelivery) => void;

/**
 * The webhooks the sandbox emitted. Deliveries wait in a queue so the caller decides when, in which
 * order and how often to deliver them (that is how reordering and redelivery are tested); listeners
 * see each one as it is emitted. It lives apart from `emit` (webhooks.ts), which builds payloads from the
 * sandbox context that holds this queue: the context depends on this file, and `emit` on both.
 */
export class WebhookQueue {
  #pending: WebhookDelivery[] = [];
  #history: WebhookDelivery[] = [];
  #listeners = new Set<WebhookListener>();
  #count = 0;

  /** Queues a delivery and notifies listeners. */
  push(name: string, payload: Record<string, unknown>): WebhookDelivery {
    this.#count += 1;
    const id = `00000000-0000-4000-8000-${this.#count.toString(16).padStart(12, "0")}`;
    const delivery = { id, name, payload };
    this.#pending.push(delivery);
    this.#history.push(delivery);
    for (const listener of this.#listeners) listener(delivery);
    return delivery;
  }

  /** Removes and returns every queued delivery, oldest first. */
  take(): WebhookDelivery[] {
    const taken = this.#pending;
    this.#pending = [];
    return taken;
  }

  /** Queued deliveries, oldest first, without removing them. */
  pending(): readonly WebhookDelivery[] {
    return this.#pending;
  }

  /** Every delivery ever emitted, oldest first. */
  all(): readonly WebhookDelivery[] {
    return this.#history;
  }

  /** Subscribes to deliveries as they are emitted; returns the unsubscribe function. */
  on(listener: WebhookListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
