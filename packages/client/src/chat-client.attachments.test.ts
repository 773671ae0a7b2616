import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from './storage.js';
import { FakeRelay } from './test-support/fake-relay.js';
import { browserOrigin, rejection, setup, tick } from './test-support/harness.js';

const RELAY_BASE = 'https://relay.test';

describe('ChatClient messages with attachments, products and buttons', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('sends the upload ids with an empty text, shows the files at once as pending, and keeps the relay’s stored files with absolute URLs', async () => {
    const { relay, client, events } = setup({ url: `${RELAY_BASE}/chat` });
    await tick();
    const photo = { ...relay.addUpload('kettle.png'), url: `${RELAY_BASE}/chat/v1/uploads/x/kettle.png` };
    const sending = client.send('  ', { attachments: [photo] });
    const [pending] = events.of('message');
    expect(pending).toMatchObject({ status: 'pending', text: '', attachments: [photo] });
    const sent = await sending;
    const frames = relay.sockets.last().sentOf('message');
    expect(frames).toEqual([{ type: 'message', id: sent.id, text: '', attachments: [photo.id] }]);
    expect(sent).toMatchObject({ status: 'sent', seq: 1, attachments: [photo] });

    // The same message replayed to a new client comes from the relay: its relative URL is resolved against the relay.
    const other = setup({ relay, url: `${RELAY_BASE}/chat` });
    await tick();
    expect(other.client.messages[0]!.attachments).toEqual([
      { ...photo, url: `${RELAY_BASE}/chat/v1/uploads/${photo.id}/kettle.png` },
    ]);
  });

  it('keeps products, link buttons and attachments of agent messages, live and from history', async () => {
    const { relay, client } = setup({ url: RELAY_BASE });
    await tick();
    const manual = relay.addUpload('manual.pdf', 'application/pdf');
    const stored = relay.agentRecommends('This one?', {
      products: [{ name: 'Kettle', price: '39.90', currency: 'EUR', url: 'https://shop.example/kettle', image: 'https://shop.example/kettle.jpg' }],
      buttons: [{ label: 'Track my order', url: 'https://shop.example/track' }],
      attachments: [manual],
    });
    await tick();
    const expected = { ...manual, url: `${RELAY_BASE}/v1/uploads/${manual.id}/manual.pdf` };
    expect(client.messages[0]).toMatchObject({ products: stored.products, buttons: stored.buttons, attachments: [expected] });
    const page = await client.history();
    expect(page.messages[0]!.attachments).toEqual([expected]);
  });

  it('refuses bad attachments at once with CONFAB_REQUEST_INVALID, queuing nothing, and still needs text without them', async () => {
    const { relay, client, storage, events } = setup();
    await tick();
    const photo = relay.addUpload('a.png');
    for (const attachments of [[{ ...photo, id: 'no' }], [{ name: 'a.png' }], 'a.png', new Array(11).fill(photo)]) {
      const error = await rejection(client.send('hi', { attachments: attachments as never }));
      expect(error.code).toBe('CONFAB_REQUEST_INVALID');
      expect(error.message).toContain('attachments');
    }
    expect((await rejection(client.send(''))).code).toBe('CONFAB_TEXT_INVALID');
    expect((await rejection(client.send('', { attachments: [] }))).code).toBe('CONFAB_TEXT_INVALID');
    expect(events.of('message')).toEqual([]);
    expect(storage.getItem('confab:outbox')).toBeNull();
    expect(relay.log).toEqual([]);
  });

  it('keeps attachments in the stored outbox while offline and sends them with every resend of the message, stored once', async () => {
    const { relay, client, storage } = setup();
    await tick();
    const photo = relay.addUpload('a.png');
    relay.isDown = true;
    relay.dropAll();
    const offline = client.send('Here is the box', { attachments: [photo] });
    expect(JSON.parse(storage.getItem('confab:outbox')!)).toEqual([
      { id: expect.any(String), text: 'Here is the box', createdAt: expect.any(Number), attachments: [photo] },
    ]);
    relay.isDown = false;
    await tick(1000);
    const first = await offline;
    expect(relay.sockets.last().sentOf('message')).toEqual([{ type: 'message', id: first.id, text: 'Here is the box', attachments: [photo.id] }]);

    // The next frame is lost on the way: the resend after the reconnect carries the files again.
    relay.isBlackhole = true;
    const lost = client.send('', { attachments: [photo] });
    await tick();
    relay.dropAll();
    await tick(1000);
    const second = await lost;
    const frames = relay.sockets.sockets.flatMap((socket) => socket.sentOf('message')).filter((frame) => frame.id === second.id);
    expect(frames).toEqual([
      { type: 'message', id: second.id, text: '', attachments: [photo.id] },
      { type: 'message', id: second.id, text: '', attachments: [photo.id] },
    ]);
    expect(relay.visitorMessages.map((message) => message.attachments)).toEqual([[photo], [photo]]);
    expect(storage.getItem('confab:outbox')).toBeNull();
  });

  it('sends the attachments of a message left in storage by an earlier page load', async () => {
    const relay = new FakeRelay();
    const storage = memoryStorage();
    const photo = relay.addUpload('a.png');
    relay.isDown = true;
    const first = setup({ relay, storage });
    first.client.send('', { attachments: [photo] }).catch(() => {});
    first.client.close();
    relay.isDown = false;
    const next = setup({ relay, storage });
    expect(next.client.messages).toEqual([]);
    await tick();
    expect(next.events.of('message')[0]).toMatchObject({ status: 'pending', text: '', attachments: [photo] });
    await tick(10);
    expect(relay.visitorMessages.map((message) => message.attachments)).toEqual([[photo]]);
  });

  it('drops a stored outbox entry whose attachments are malformed rather than sending it without them', async () => {
    const relay = new FakeRelay();
    const storage = memoryStorage();
    storage.setItem(
      'confab:outbox',
      JSON.stringify([
        { id: 'broken-entry-1', text: 'lost file', createdAt: 1, attachments: [{ id: 'x' }] },
        { id: 'healthy-entry-1', text: 'fine', createdAt: 2 },
      ]),
    );
    const { client } = setup({ relay, storage });
    await tick(10);
    expect(client.messages.map((message) => message.text)).toEqual(['fine']);
    expect(relay.visitorMessages.map((message) => message.text)).toEqual(['fine']);
  });

  it('shows another tab’s pending message with its attachments, and both tabs see it stored once', async () => {
    const origin = browserOrigin();
    const relay = new FakeRelay();
    const a = setup({ relay, storage: origin.storage });
    await tick();
    const b = setup({ relay, storage: origin.storage });
    await tick();
    const photo = { ...relay.addUpload('a.png'), url: 'https://relay.test/v1/uploads/x/a.png' };
    // Frames are lost until the sockets drop, so the message stays unsent in both tabs for a while.
    relay.isBlackhole = true;
    void a.client.send('look', { attachments: [photo] });
    await tick();
    expect(b.client.messages.map(({ status, attachments }) => ({ status, attachments }))).toEqual([{ status: 'pending', attachments: [photo] }]);
    relay.dropAll();
    await tick(1000);
    expect(relay.visitorMessages).toHaveLength(1);
    for (const tab of [a, b]) expect(tab.client.messages.map(({ status, text }) => [status, text])).toEqual([['sent', 'look']]);
  });
});
