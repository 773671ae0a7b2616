import { ID_PATTERN } from '@confab/protocol';
import { readItem, writeItem, type ClientStorage } from './storage.js';

/** One message the relay has not acknowledged yet, as kept in storage. */
export interface OutboxEntry {
  id: string;
  text: string;
  createdAt: number;
}

/** Parses a stored outbox, keeping the well-formed entries of whatever is there (other versions, other code, corruption). */
function parseEntries(raw: string | null): OutboxEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(raw ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: OutboxEntry[] = [];
  for (const item of value as unknown[]) {
    const entry = item as Partial<OutboxEntry> | null;
    if (typeof entry?.id === 'string' && ID_PATTERN.test(entry.id) && typeof entry.text === 'string') {
      entries.push({ id: entry.id, text: entry.text, createdAt: Number.isFinite(entry.createdAt) ? entry.createdAt! : Date.now() });
    }
  }
  return entries;
}

/**
 * The shopper's unacknowledged messages in send order, mirrored to storage under one key so that
 * a reload or a crash keeps them. Several tabs share the key: each write keeps the entries other
 * tabs stored, and sending an entry twice is harmless because the relay stores an id only once.
 */
export class Outbox {
  /** Unacknowledged messages, oldest first. */
  readonly entries: OutboxEntry[] = [];
  readonly #storage: ClientStorage;
  readonly #key: string;
  /** Every id this outbox has held, so entries written by other tabs can be told apart. */
  readonly #known = new Set<string>();

  constructor(storage: ClientStorage, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  /** Takes over the entries found in storage (an earlier page load, another tab) and returns them. */
  adopt(): OutboxEntry[] {
    const found = this.#readForeign();
    for (const entry of found) {
      this.#known.add(entry.id);
      this.entries.push(entry);
    }
    return found;
  }

  /** Appends a message and persists at once. */
  add(entry: OutboxEntry): void {
    this.#known.add(entry.id);
    this.entries.push(entry);
    this.#persist();
  }

  /** Removes an acknowledged or refused message and persists. */
  remove(id: string): void {
    const index = this.entries.findIndex((entry) => entry.id === id);
    if (index < 0) return;
    this.entries.splice(index, 1);
    this.#persist();
  }

  #readForeign(): OutboxEntry[] {
    return parseEntries(readItem(this.#storage, this.#key)).filter((entry) => !this.#known.has(entry.id));
  }

  #persist(): void {
    const all = [...this.entries, ...this.#readForeign()];
    writeItem(this.#storage, this.#key, all.length ? JSON.stringify(all) : undefined);
  }
}
