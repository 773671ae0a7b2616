import { createId, type QuickReply } from '@confab/protocol';
import type { Hub } from './hub.js';
import type { Clock } from './rate-limit.js';
import type { QuickReplyInput, Store } from './store/store.js';

/**
 * The team's quick replies: stored through the {@link Store}; after every change the whole list
 * goes to the agent streams as a `quick-replies` frame, so every open console stays in step.
 */
export class QuickReplyService {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: Clock;

  constructor(options: { store: Store; hub: Hub; now?: Clock }) {
    this.#store = options.store;
    this.#hub = options.hub;
    this.#now = options.now ?? Date.now;
  }

  /** Every quick reply, by shortcut. */
  list(): Promise<QuickReply[]> {
    return this.#store.listQuickReplies();
  }

  /** Adds one; rejects with `CONFAB_REQUEST_INVALID` when the shortcut is taken. */
  async create(input: QuickReplyInput): Promise<QuickReply> {
    const created = await this.#store.createQuickReply({ ...input, id: createId(), now: this.#now() });
    await this.#announce();
    return created;
  }

  /** Changes one; undefined when there is no such quick reply. */
  async update(id: string, input: QuickReplyInput): Promise<QuickReply | undefined> {
    const updated = await this.#store.updateQuickReply(id, { ...input, now: this.#now() });
    if (updated) await this.#announce();
    return updated;
  }

  /** Deletes one; false when there was no such quick reply. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.#store.deleteQuickReply(id);
    if (removed) await this.#announce();
    return removed;
  }

  async #announce(): Promise<void> {
    this.#hub.toAgents({ type: 'quick-replies', quickReplies: await this.#store.listQuickReplies() });
  }
}
