import { describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';
import { memoryStorage } from './storage.js';

const KEY = 'confab:outbox';
const entry = (n: number) => ({ id: `message-${n}`, text: `text ${n}`, createdAt: 1000 + n });
const nothingStored = () => false;

describe('Outbox', () => {
  it('stores the entries in order, only their id, text and time, and removes the key once empty', () => {
    const storage = memoryStorage();
    const outbox = new Outbox(storage, KEY);
    outbox.save([{ ...entry(1), status: 'pending', isOwn: true } as never, entry(2)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(1), entry(2)]);
    outbox.save([entry(2)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2)]);
    outbox.save([]);
    expect(storage.getItem(KEY)).toBeNull();
  });

  it('adopts what an earlier page load left, once', () => {
    const storage = memoryStorage();
    new Outbox(storage, KEY).save([entry(1), entry(2)]);
    const next = new Outbox(storage, KEY);
    expect(next.adopt(nothingStored)).toEqual([entry(1), entry(2)]);
    expect(next.adopt(nothingStored)).toEqual([]);
  });

  it('skips entries already in the conversation, and drops them from storage at the next write', () => {
    const storage = memoryStorage();
    new Outbox(storage, KEY).save([entry(1), entry(2)]);
    const next = new Outbox(storage, KEY);
    expect(next.adopt((id) => id === entry(1).id)).toEqual([entry(2)]);
    next.save([entry(2)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2)]);
  });

  it('keeps the entries another tab stored when writing its own, and adopts them on request', () => {
    const storage = memoryStorage();
    const tabA = new Outbox(storage, KEY);
    const tabB = new Outbox(storage, KEY);
    tabA.save([entry(1)]);
    tabB.save([entry(2)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2), entry(1)]);
    // Tab A's message is stored: A drops it; B's stays.
    tabA.save([]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(2)]);
    tabA.save([entry(3)]);
    expect(tabB.adopt(nothingStored)).toEqual([entry(3)]);
    // B now keeps tab A's entry too, and A keeps B's.
    tabB.save([entry(2), entry(3)]);
    tabA.save([entry(3)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(3), entry(2)]);
  });

  it('reads corrupt or foreign values as empty, keeping only well-formed entries', () => {
    for (const raw of ['{not json', '"a string"', '{"id":"message-1"}', 'null', '42']) {
      const storage = memoryStorage();
      storage.setItem(KEY, raw);
      expect(new Outbox(storage, KEY).adopt(nothingStored)).toEqual([]);
    }
    const storage = memoryStorage();
    storage.setItem(
      KEY,
      JSON.stringify([null, 7, { id: 'short', text: 'x' }, { id: 12345678, text: 'x' }, { id: 'message-1', text: 3 }, { id: 'message-2', text: 'ok' }, entry(3)]),
    );
    const adopted = new Outbox(storage, KEY).adopt(nothingStored);
    expect(adopted.map((e) => e.id)).toEqual(['message-2', 'message-3']);
    expect(adopted[0]!.createdAt).toEqual(expect.any(Number));
  });

  it('overwrites a corrupt value on the next write', () => {
    const storage = memoryStorage();
    storage.setItem(KEY, '{not json');
    new Outbox(storage, KEY).save([entry(1)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([entry(1)]);
  });

  it('keeps attachments with their entry, exactly as given, and drops an entry whose attachments are malformed', () => {
    const storage = memoryStorage();
    const photo = { id: 'upload-0001', name: 'a.png', type: 'image/png', size: 12, url: 'https://relay.example/v1/uploads/upload-0001/a.png', width: 1, height: 1 };
    new Outbox(storage, KEY).save([{ ...entry(1), attachments: [photo] }, entry(2)]);
    expect(JSON.parse(storage.getItem(KEY)!)).toEqual([{ ...entry(1), attachments: [photo] }, entry(2)]);
    expect(new Outbox(storage, KEY).adopt(nothingStored)).toEqual([{ ...entry(1), attachments: [photo] }, entry(2)]);
    storage.setItem(KEY, JSON.stringify([{ ...entry(3), attachments: [{ ...photo, size: -1 }] }, { ...entry(4), attachments: 'a.png' }, entry(5)]));
    expect(new Outbox(storage, KEY).adopt(nothingStored)).toEqual([entry(5)]);
  });
});
