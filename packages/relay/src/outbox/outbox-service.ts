import type { Clock } from '../rate-limit.js';
import type { Delivery, DeliveryState, Store } from '../store/store.js';
import type { OutboxDispatcher } from './outbox-dispatcher.js';

/**
 * The outbox as the agent API and console see it: what is pending or dead, and replaying a dead
 * delivery, which wakes its adapter's dispatcher so it goes out at once.
 */
export class OutboxService {
  readonly #store: Store;
  readonly #dispatchers: ReadonlyMap<string, OutboxDispatcher>;
  readonly #now: Clock;

  constructor(options: { store: Store; dispatchers: ReadonlyMap<string, OutboxDispatcher>; now: Clock }) {
    this.#store = options.store;
    this.#dispatchers = options.dispatchers;
    this.#now = options.now;
  }

  /** Deliveries in a state, oldest first. */
  list(query: { state: DeliveryState; adapter?: string; limit: number }): Promise<Delivery[]> {
    return this.#store.listDeliveries(query);
  }

  /** Sends a dead delivery again; undefined when there is no dead delivery with that id. */
  async replay(deliveryId: string): Promise<Delivery | undefined> {
    const delivery = await this.#store.replayDelivery(deliveryId, this.#now());
    if (delivery) this.#dispatchers.get(delivery.adapter)?.wake();
    return delivery;
  }
}
