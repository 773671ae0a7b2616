import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from './storage.js';
import { FakeRelay } from './test-support/fake-relay.js';
import { browserOrigin, setup, tick, type Setup } from './test-support/harness.js';

const texts = (tab: Setup) => tab.client.messages.map((message) => `${message.isOwn ? 'me' : 'them'}: ${message.text}`);
const notified = (tab: Setup) => tab.events.of('notify').map((message) => message.text);

describe('ChatClient in several tabs', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /** Two tabs of one shopper on one relay, both connected. */
  async function twoTabs(relay = new FakeRelay()) {
    const origin = browserOrigin();
    const a = setup({ relay, storage: origin.storage });
    await tick();
    const b = setup({ relay, storage: origin.storage });
    await tick();
    return { relay, origin, a, b };
  }

  it('joins one conversation and shows each message once in every tab', async () => {
    const { relay, a, b } = await twoTabs();
    expect(b.client.conversationId).toBe(a.client.conversationId);
    await a.client.send('Is the kettle in stock?');
    relay.agentSays('Yes, in black and white.');
    await b.client.send('The white one, please.');
    await tick();
    for (const tab of [a, b]) {
      expect(texts(tab)).toEqual(['me: Is the kettle in stock?', 'them: Yes, in black and white.', 'me: The white one, please.']);
      const ids = tab.events.of('message').map((message) => message.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(relay.log).toHaveLength(3);
  });

  it('shares the read position at once, only forward', async () => {
    const { relay, a, b } = await twoTabs();
    relay.agentSays('one');
    relay.agentSays('two');
    await tick();
    a.client.markRead();
    expect(a.client.visitorReadSeq).toBe(2);
    await tick();
    expect(b.client.visitorReadSeq).toBe(2);
    expect(b.events.of('seen')).toEqual([{ seq: 2 }]);
    b.client.markRead(1);
    await tick();
    expect([a.client.visitorReadSeq, b.client.visitorReadSeq]).toEqual([2, 2]);
    expect(a.events.of('seen')).toEqual([{ seq: 2 }]);
    // Telling the relay again is harmless; telling it less never happens.
    expect(relay.reads.length).toBeGreaterThan(0);
    expect(relay.reads.every((seq) => seq === 2)).toBe(true);
  });

  it('ignores read positions of another conversation', async () => {
    const { relay, origin, a, b } = await twoTabs();
    relay.agentSays('one');
    await tick();
    origin.channels.inject('confab:tabs', { v: 1, type: 'read', conversationId: 'another-conversation', seq: 1 });
    await tick();
    expect([a.client.visitorReadSeq, b.client.visitorReadSeq]).toEqual([0, 0]);
  });

  it('starts from the read position the relay reports, from any tab or device', async () => {
    const relay = new FakeRelay();
    const storage = memoryStorage();
    const first = setup({ relay, storage });
    relay.agentSays('one');
    relay.agentSays('two');
    await tick();
    first.client.markRead(1);
    first.client.close();
    const next = setup({ relay, storage });
    await tick();
    expect(next.client.visitorReadSeq).toBe(1);
    expect(next.events.of('seen')).toEqual([{ seq: 1 }]);
    // The welcome comes before the replay, so the unread count never flickers.
    expect(next.events.all.findIndex(([name]) => name === 'seen')).toBeLessThan(next.events.all.findIndex(([name]) => name === 'message'));
    expect(relay.reads).toEqual([1]);
  });

  it('works with a relay that does not report the read position', async () => {
    const relay = new FakeRelay();
    relay.sendsVisitorReadSeq = false;
    const { client, events } = setup({ relay });
    relay.agentSays('one');
    await tick();
    expect(client.visitorReadSeq).toBe(0);
    expect(events.of('seen')).toEqual([]);
  });

  it('notifies in exactly one tab for each live message from an agent or bot', async () => {
    const { relay, a, b } = await twoTabs();
    relay.agentSays('Hello from Mei');
    relay.agentSays('I am a bot', { role: 'bot', name: 'Helper' });
    relay.agentSays('Conversation assigned', { role: 'system' });
    await b.client.send('Thanks');
    await tick();
    expect(notified(a)).toEqual(['Hello from Mei', 'I am a bot']);
    expect(notified(b)).toEqual([]);
  });

  it('does not notify for the history a new tab or page load replays, nor for read messages', async () => {
    const relay = new FakeRelay();
    const origin = browserOrigin();
    const first = setup({ relay, storage: origin.storage });
    relay.agentSays('Before the reload');
    await tick();
    first.client.close();
    const next = setup({ relay, storage: origin.storage });
    await tick();
    expect(next.client.messages.map((message) => message.text)).toEqual(['Before the reload']);
    expect(notified(next)).toEqual([]);
    relay.agentSays('After the reload');
    await tick();
    expect(notified(next)).toEqual(['After the reload']);
  });

  it('hands notifying over when the notifying tab closes', async () => {
    const { relay, a, b } = await twoTabs();
    a.client.close();
    await tick();
    relay.agentSays('Still there?');
    await tick();
    expect(notified(b)).toEqual(['Still there?']);
  });

  it('does not notify again when another tab catches up on a message already notified', async () => {
    const { relay, a, b } = await twoTabs();
    relay.isDown = true;
    // Tab B's socket (the second one made) is cut; tab A stays connected.
    relay.sockets.sockets[1]!.drop(1006);
    await tick();
    relay.agentSays('While tab B was offline');
    await tick();
    expect(notified(a)).toEqual(['While tab B was offline']);
    a.client.close();
    relay.isDown = false;
    await tick(60_000);
    expect(b.client.state).toBe('open');
    expect(b.client.messages.map((message) => message.text)).toEqual(['While tab B was offline']);
    expect(notified(b)).toEqual([]);
    relay.agentSays('Anything else?');
    await tick();
    expect(notified(b)).toEqual(['Anything else?']);
  });

  it('notifies when it catches up on a message no tab notified (a phone back from sleep)', async () => {
    const relay = new FakeRelay();
    const { client, events } = setup({ relay });
    await tick();
    relay.isDown = true;
    relay.dropAll();
    relay.agentSays('Your parcel left the warehouse');
    relay.isDown = false;
    await tick(60_000);
    expect(client.state).toBe('open');
    expect(events.of('notify').map((message) => message.text)).toEqual(['Your parcel left the warehouse']);
  });

  it('lets a visible tab take over notifying from a hidden one, but not from a visible one', async () => {
    vi.stubGlobal('document', Object.assign(new EventTarget(), { visibilityState: 'visible' }));
    const { relay, origin, a, b } = await twoTabs();
    // Both are visible; tab B came last and took the lock over.
    relay.agentSays('one');
    await tick();
    expect([notified(a), notified(b)]).toEqual([[], ['one']]);
    const conversationId = a.client.conversationId;
    origin.channels.inject('confab:tabs', { v: 1, type: 'notified', conversationId, seq: 1, hidden: false });
    await tick();
    relay.agentSays('two');
    await tick();
    expect([notified(a), notified(b)]).toEqual([[], ['one', 'two']]);
    // A hidden tab notified (say, tab B's window was minimised): tab A, visible, takes over.
    origin.channels.inject('confab:tabs', { v: 1, type: 'notified', conversationId, seq: 2, hidden: true });
    await tick();
    relay.agentSays('three');
    await tick();
    expect([notified(a), notified(b)]).toEqual([['three'], ['one', 'two']]);
  });

  it('shows and sends a message written offline in another tab, once in each', async () => {
    const { relay, origin, a, b } = await twoTabs();
    relay.isDown = true;
    relay.dropAll();
    await tick();
    void a.client.send('Written offline').catch(() => {});
    await tick();
    expect(texts(b)).toEqual(['me: Written offline']);
    expect(b.client.messages[0]!.status).toBe('pending');
    relay.isDown = false;
    await tick(60_000);
    for (const tab of [a, b]) {
      expect(tab.client.state).toBe('open');
      expect(texts(tab)).toEqual(['me: Written offline']);
      expect(tab.client.messages[0]!.status).toBe('sent');
      expect(tab.events.of('message')).toHaveLength(1);
    }
    expect(relay.log.map((message) => message.text)).toEqual(['Written offline']);
    expect(origin.storage.getItem('confab:outbox')).toBeNull();
  });

  it('sends what a tab that closed while offline left behind, in order', async () => {
    const { relay, origin, a, b } = await twoTabs();
    relay.isDown = true;
    relay.dropAll();
    await tick();
    origin.channels.isHolding = true;
    void a.client.send('first').catch(() => {});
    void a.client.send('second').catch(() => {});
    a.client.close();
    // Tab B missed the announcements; it finds the messages in storage when it is back.
    relay.isDown = false;
    await tick(60_000);
    expect(b.client.state).toBe('open');
    expect(relay.log.map((message) => message.text)).toEqual(['first', 'second']);
    expect(texts(b)).toEqual(['me: first', 'me: second']);
    expect(origin.storage.getItem('confab:outbox')).toBeNull();
  });

  it('ignores malformed and foreign messages on the channel', async () => {
    const { relay, origin, a } = await twoTabs();
    relay.agentSays('one');
    await tick();
    const conversationId = a.client.conversationId;
    for (const data of [
      null,
      'read',
      42,
      [],
      { type: 'read', conversationId, seq: 1 },
      { v: 2, type: 'read', conversationId, seq: 1 },
      { v: 1, type: 'read', conversationId, seq: '1' },
      { v: 1, type: 'read', conversationId, seq: 1.5 },
      { v: 1, type: 'read', conversationId, seq: Number.MAX_SAFE_INTEGER + 2 },
      { v: 1, type: 'read', seq: 1 },
      { v: 1, type: '__proto__', conversationId, seq: 1 },
      { v: 1, type: 'constructor', conversationId, seq: 1 },
      { v: 1, type: 'notified', conversationId, seq: 'all' },
    ]) {
      origin.channels.inject('confab:tabs', data);
    }
    await tick();
    expect(a.client.visitorReadSeq).toBe(0);
    expect(a.events.of('error')).toEqual([]);
    relay.agentSays('two');
    await tick();
    expect(notified(a)).toEqual(['one', 'two']);
  });

  it('adopts only well-formed messages when another tab announces its outbox', async () => {
    const { origin, a } = await twoTabs();
    origin.storage.setItem('confab:outbox', JSON.stringify([{ id: 'x', text: 'bad id' }, { id: 'message-from-page-script', text: 7 }]));
    origin.channels.inject('confab:tabs', { v: 1, type: 'outbox', entries: [{ id: 'injected-id-1234', text: 'injected' }] });
    await tick();
    expect(a.client.messages).toEqual([]);
  });

  it('closes the channel and releases the lock on close()', async () => {
    const { origin, a, b } = await twoTabs();
    a.client.close();
    b.client.close();
    await tick();
    expect(origin.channels.openCount).toBe(0);
    expect(origin.locks.isHeld('confab:notify')).toBe(false);
  });

  it('notifies on its own without storage shared with tabs (Node, memoryStorage)', async () => {
    const relay = new FakeRelay();
    const { events } = setup({ relay, storage: memoryStorage() });
    await tick();
    relay.agentSays('Hello');
    await tick();
    expect(events.of('notify').map((message) => message.text)).toEqual(['Hello']);
  });
});
