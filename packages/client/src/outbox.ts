import { ID_PATTERN, array, attachmentSchema, optional, type Attachment } from '@confab/protocol';
import { readItem, writeItem, type ClientStorage } from './storage.js';

/** One message the relay has not acknowledged yet, as kept in storage. */
export interface OutboxEntry {
  id: string;
  text: string;
  createdAt: number;
  /** Files uploaded for it; the frame carries their ids, the transcript shows them while pending. */
  attachments?: Attachment[];
}

/** What a message may carry: at most 10 uploaded files, as the relay stored them. */
export const ATTACHMENTS = optional(array(attachmentSchema, { max: 10 }));

/** Parses a stored outbox, keeping the well-formed entries of whatever is there (other versions, other code, corruption). */
function parseEntries(raw: string | null): OutboxEntry[] {
  try {
    // Anything but an array has no flatMap and throws, like JSON that does not parse.
    return (JSON.parse(raw ?? '[]') as Partial<OutboxEntry>[]).flatMap((entry) => {
      try {
        const { id, text, createdAt } = entry;
        // Malformed attachments throw: the entry is dropped, not sent without them.
        const attachments = ATTACHMENTS.parse(entry.attachments, 'attachments');
        if (typeof id !== 'string' || !ID_PATTERN.test(id) || typeof text !== 'string') return [];
        return [{ id, text, createdAt: Number.isFinite(createdAt) ? createdAt! : Date.now(), ...(attachments && { attachments }) }];
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/**
 * The storage mirror of the shopper's unacknowledged messages, under one key, so that a reload or
 * a crash keeps them. Several tabs share the key: each write keeps the entries other tabs stored,
 * and each tab adopts the others' entries, so every open tab shows and sends every unsent
 * message; sending one twice is harmless because the relay stores an id only once.
 */
export class Outbox {
  readonly #storage: ClientStorage;
  readonly #key: string;
  /** Every id this outbox has held, so entries written by other tabs can be told apart. */
  readonly #known = new Set<string>();

  constructor(storage: ClientStorage, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  /**
   * Takes over the entries in storage it does not know yet (from an earlier page load or another
   * tab), in their order, and returns them. Entries for which `isStored` is true are already in
   * the conversation: they are not adopted, and the next write drops them from storage.
   */
  adopt(isStored: (id: string) => boolean): OutboxEntry[] {
    return this.#readForeign().filter((entry) => {
      this.#known.add(entry.id);
      return !isStored(entry.id);
    });
  }

  /**
   * Stores `entries`, this client's unacknowledged messages in send order, followed by those
   * only other tabs hold; removes the key when there are none.
   */
  save(entries: readonly OutboxEntry[]): void {
    for (const entry of entries) this.#known.add(entry.id);
    const all = [...entries, ...this.#readForeign()];
    const stored = all.map(({ id, text, createdAt, attachments }) => ({ id, text, createdAt, attachments }));
    writeItem(this.#storage, this.#key, all.length ? JSON.stringify(stored) : undefined);
  }

  #readForeign(): OutboxEntry[] {
    return parseEntries(readItem(this.#storage, this.#key)).filter((entry) => !this.#known.has(entry.id));
  }
}
