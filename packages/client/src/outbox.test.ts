import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';
import { memoryStorage } from './storage.js';

const KEY = 'confab:outbox';
const entry = (n: number) => ({ id: `message-${n}`, text: `text ${n}`, createdAt: 1000 + n });

describe('Outbox', () => {
  it('persists each change, oldest first, and removes the key once empty', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, KEY);
    outbox.add(entry(1));
    outbox.add(entry(2));
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(1), entry(2)]);
    outbox.remove(entry(1).id);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2)]);
    outbox.remove(entry(2).id);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('adopts what an earlier page load left', () => {
    const storage = memoryStorage();
    new Outbox(storage, KEY).add(entry(1));
    const next = new Outbox(storage, KEY);
    expect(next.adopt()).toEqual([entry(1)]);
    expect(next.entries).toEqual([entry(1)]);
  });

  it('keeps the entries another tab stored when writing its own', () => {
    const storage = memoryStorage();
    const tabA = new Outbox(storage, KEY);
    const tabB = new Outbox(storage, KEY);
    tabA.add(entry(1));
    tabB.add(entry(2));
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2), entry(1)]);
    tabA.remove(entry(1).id);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2)]);
  });

  it('reads corrupt or foreign values as empty, keeping only well-formed entries', () => {
    for (const raw of ['{not json', '"a string"', '{"id":"message-1"}', 'null', '42']) {
      const storage = memoryStorage();
      storage.setItem(KEY, raw);
      expect(new Outbox(storage, KEY).adopt()).toEqual([]);
    }
    const storage = memoryStorage();
    storage.setItem(KEY, JSON.stringify([null, 7, { id: 'short', text: 'x' }, { id: 'message-1', text: 3 }, { id: 'message-2', text: 'ok' }, entry(3)]));
    const adopted = new Outbox(storage, KEY).adopt();
    expect(adopted.map((e) => e.id)).toEqual(['message-2', 'message-3']);
    expect(adopted[0]!.createdAt).toEqual(expect.any(Number));
  });

  it('overwrites a corrupt value on the next write', () => {
    const storage = memoryStorage();
    storage.setItem(KEY, '{not json');
    new Outbox(storage, KEY).add(entry(1));
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(1)]);
  });
});
