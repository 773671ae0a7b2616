import { createId, type ChatMessage } from '@confab/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from './chat-client.js';
import { memoryStorage } from './storage.js';
import { FakeRelay } from './test-support/fake-relay.js';
import { rejection, setup, tick } from './test-support/harness.js';

/** The frames of `type` the client sent over all its sockets. */
function sentOf<T extends 'hello' | 'message' | 'history' | 'read' | 'typing' | 'context' | 'ping'>(relay: FakeRelay, type: T) {
  return relay.sockets.sockets.flatMap((socket) => socket.sentOf(type));
}

/** Delivers a message to the live sockets of `relay` after storing it out of their sight. */
function storeUnseen(relay: FakeRelay, text: string): ChatMessage {
  const live = [...relay.live];
  relay.live.clear();
  const message = relay.agentSays(text);
  for (const socket of live) relay.live.add(socket);
  return message;
}

describe('ChatClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('connection and session', () => {
    it('connects in a microtask, so listeners added right after createClient() see every event', async () => {
      const { relay, client, events } = setup();
      expect(client.state).toBe('idle');
      await tick();
      expect(client.state).toBe('open');
      expect(client.conversationId).toBe(relay.conversationId);
      expect(events.of('state')).toEqual([
        { from: 'idle', to: 'connecting' },
        { from: 'connecting', to: 'open' },
      ]);
      expect(events.of('session')).toEqual([{ conversationId: relay.conversationId, resumed: false }]);
    });

    it('waits for connect() with autoConnect: false', async () => {
      const { relay, client } = setup({ autoConnect: false });
      await tick(60_000);
      expect(relay.sockets.sockets).toHaveLength(0);
      client.connect();
      client.connect();
      await tick();
      expect(client.state).toBe('open');
      expect(relay.sockets.sockets).toHaveLength(1);
    });

    it('stores the session token and presents it with the last seq held on every hello', async () => {
      const { relay, client, storage, events } = setup({ context: { url: 'https://shop.example/p/1' } });
      relay.agentSays('Welcome to the shop');
      await tick();
      expect(storage.getItem('confab:token')).toBe(relay.token);
      expect(storage.getItem('confab:conversation')).toBe(relay.conversationId);
      relay.agentSays('Anything I can help with?');
      relay.dropAll();
      await tick(250);
      expect(relay.hellos).toEqual([
        { type: 'hello', versions: [1], lastSeq: 0, context: { url: 'https://shop.example/p/1' } },
        { type: 'hello', versions: [1], token: relay.token, lastSeq: 2, context: { url: 'https://shop.example/p/1' } },
      ]);
      expect(events.of('session').at(-1)).toEqual({ conversationId: relay.conversationId, resumed: true });
      expect(client.messages.map((message) => message.text)).toEqual(['Welcome to the shop', 'Anything I can help with?']);
    });

    it('clears the old transcript and names the lost conversation when the relay cannot resume', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.agentSays('Your order shipped');
      const oldConversation = relay.conversationId;
      relay.forgetSession();
      relay.dropAll();
      await tick(250);
      expect(events.of('session').at(-1)).toEqual({ conversationId: relay.conversationId, resumed: false, lostConversationId: oldConversation });
      expect(client.messages).toEqual([]);
      expect(client.conversationId).toBe(relay.conversationId);
    });

    it('names the lost conversation after a reload too, and keeps unsent messages for the new one', async () => {
      const relay = new FakeRelay();
      const storage = memoryStorage();
      const first = setup({ relay, storage });
      await tick();
      const oldConversation = relay.conversationId;
      relay.isDown = true;
      relay.dropAll();
      const pending = first.client.send('Still there?');
      first.client.close();
      await rejection(pending);
      relay.forgetSession();
      relay.isDown = false;
      const second = setup({ relay, storage });
      await tick();
      expect(second.events.of('session')).toEqual([{ conversationId: relay.conversationId, resumed: false, lostConversationId: oldConversation }]);
      expect(relay.visitorMessages.map((message) => message.text)).toEqual(['Still there?']);
      expect(second.client.messages.map((message) => [message.text, message.status])).toEqual([['Still there?', 'sent']]);
    });

    it('resumes after a slow-consumer close (4009) or a relay error (1011) with nothing lost or doubled', async () => {
      const { relay, client, events } = setup();
      relay.agentSays('one');
      await tick();
      for (const code of [4009, 1011]) {
        relay.dropAll(code);
        storeUnseen(relay, `missed before ${code}`);
        await tick(250);
      }
      expect(client.state).toBe('open');
      expect(client.messages.map((message) => message.text)).toEqual(['one', 'missed before 4009', 'missed before 1011']);
      expect(events.of('message')).toHaveLength(3);
      expect(events.of('error')).toEqual([]);
    });

    it('reports the conversation status and its changes', async () => {
      const relay = new FakeRelay();
      relay.status = 'closed';
      const { client, events } = setup({ relay });
      await tick();
      expect(client.conversationStatus).toBe('closed');
      relay.broadcast({ type: 'status', status: 'open' });
      relay.broadcast({ type: 'status', status: 'open' });
      expect(events.of('conversation')).toEqual([{ status: 'closed' }, { status: 'open' }]);
      expect(client.conversationStatus).toBe('open');
    });

    it('reports an agent typing', async () => {
      const { relay, events } = setup();
      await tick();
      relay.broadcast({ type: 'typing', isTyping: true, author: { role: 'agent', name: 'Mei' } });
      expect(events.of('typing')).toEqual([{ isTyping: true, author: { role: 'agent', name: 'Mei' } }]);
    });

    it('reports unknown and invalid frames as errors and stays connected', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.broadcast({ type: 'presence', online: true });
      relay.broadcast({ type: 'read', seq: 'x' });
      for (const socket of relay.live) socket.receiveRaw('not json');
      relay.broadcast({ type: 'error', code: 'CONFAB_RATE_LIMITED', message: 'Slow down' });
      relay.broadcast({ type: 'error', code: 'CONFAB_FROM_THE_FUTURE', message: 'New' });
      expect(events.of('error').map((error) => error.code)).toEqual([
        'CONFAB_TYPE_UNKNOWN',
        'CONFAB_FRAME_INVALID',
        'CONFAB_JSON_INVALID',
        'CONFAB_RATE_LIMITED',
        'CONFAB_INTERNAL',
      ]);
      expect(events.of('error').at(-1)!.message).toBe('CONFAB_FROM_THE_FUTURE: New');
      expect(client.state).toBe('open');
    });

    it('stops for good on a fatal close, reporting the relay\'s error once', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.broadcast({ type: 'error', code: 'CONFAB_VERSION_UNSUPPORTED', message: 'This relay speaks 2' });
      relay.dropAll(4002);
      await tick(10 * 60_000);
      expect(client.state).toBe('closed');
      expect(events.of('error').map((error) => error.message)).toEqual(['This relay speaks 2']);
      expect(relay.sockets.sockets).toHaveLength(1);
      const error = await rejection(client.send('hello?'));
      expect(error.code).toBe('CONFAB_VERSION_UNSUPPORTED');
    });
  });

  describe('sending', () => {
    it('shows a message sent while offline once, and sends it once reconnected', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isDown = true;
      relay.dropAll();
      const sending = client.send('Is the kettle in stock?');
      expect(client.messages).toEqual([
        expect.objectContaining({ text: 'Is the kettle in stock?', status: 'pending', seq: undefined, isOwn: true, author: { role: 'visitor' } }),
      ]);
      await tick(60_000);
      relay.isDown = false;
      await tick(30_000);
      const message = await sending;
      expect(message).toMatchObject({ text: 'Is the kettle in stock?', status: 'sent', seq: 1 });
      expect(relay.visitorMessages.map((stored) => stored.text)).toEqual(['Is the kettle in stock?']);
      expect(sentOf(relay, 'message')).toHaveLength(1);
      expect(events.of('message')).toHaveLength(1);
      expect(events.of('delivery')).toEqual([{ id: message.id, status: 'sent', seq: 1 }]);
      expect(client.messages).toEqual([message]);
    });

    it('resends every unacknowledged message after a reconnect, in order, with the same ids', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const sending = ['one', 'two', 'three'].map((text) => client.send(text));
      const firstIds = relay.sockets.last().sentOf('message').map((frame) => frame.id);
      relay.dropAll();
      await tick(250);
      const resent = relay.sockets.last().sentOf('message');
      expect(resent.map((frame) => [frame.id, frame.text])).toEqual(firstIds.map((id, i) => [id, ['one', 'two', 'three'][i]]));
      const messages = await Promise.all(sending);
      expect(messages.map((message) => message.seq)).toEqual([1, 2, 3]);
      expect(relay.visitorMessages.map((message) => message.id)).toEqual(firstIds);
      expect(events.of('message').map((message) => message.id)).toEqual(firstIds);
    });

    it('shows a message once when the relay stored it but the ack was lost', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isHoldingAcks = true;
      const sending = client.send('Do you ship to Lyon?');
      relay.dropAll();
      relay.isHoldingAcks = false;
      await tick(250);
      const message = await sending;
      expect(relay.visitorMessages).toHaveLength(1);
      expect(client.messages).toEqual([message]);
      expect(events.of('message')).toHaveLength(1);
      expect(events.of('delivery')).toEqual([{ id: message.id, status: 'sent', seq: 1 }]);
    });

    it('treats a message frame for a pending id as its ack and ignores the ack after it', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isHoldingAcks = true;
      const sending = client.send('Hello');
      const stored = relay.log[0]!;
      relay.broadcast({ type: 'message', message: stored });
      relay.releaseAcks();
      relay.broadcast({ type: 'message', message: stored });
      expect(await sending).toMatchObject({ id: stored.id, seq: 1, createdAt: stored.createdAt, status: 'sent' });
      expect(events.of('delivery')).toEqual([{ id: stored.id, status: 'sent', seq: 1 }]);
      expect(events.of('message')).toHaveLength(1);
      expect(client.messages).toHaveLength(1);
    });

    it('emits message once per id however often it arrives', async () => {
      const { relay, client, events } = setup();
      await tick();
      const message = relay.agentSays('Yes, in stock');
      relay.broadcast({ type: 'message', message });
      await client.history();
      relay.dropAll();
      await tick(250);
      expect(events.of('message')).toEqual([{ ...message, status: 'sent', isOwn: false }]);
    });

    it('shows messages from the shopper\'s other tabs as own messages', async () => {
      const { relay, client, events } = setup();
      await tick();
      const fromOtherTab = relay.agentSays('Sent from my phone', { role: 'visitor' });
      expect(events.of('message')).toEqual([{ ...fromOtherTab, status: 'sent', isOwn: true }]);
      expect(client.messages[0]!.isOwn).toBe(true);
    });

    it('keeps the transcript ordered: stored by seq, then pending in send order', async () => {
      const { relay, client } = setup();
      await tick();
      relay.agentSays('Hi!');
      relay.isBlackhole = true;
      void client.send('first').catch(() => {});
      void client.send('second').catch(() => {});
      relay.agentSays('Are you there?');
      expect(client.messages.map((message) => [message.text, message.seq])).toEqual([
        ['Hi!', 1],
        ['Are you there?', 2],
        ['first', undefined],
        ['second', undefined],
      ]);
      client.close();
    });

    it('moves own messages from sent to read when agents read them', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.agentSays('Hello');
      const first = await client.send('one');
      const second = await client.send('two');
      relay.broadcast({ type: 'read', seq: first.seq! });
      expect(client.agentReadSeq).toBe(2);
      relay.broadcast({ type: 'read', seq: second.seq! });
      relay.broadcast({ type: 'read', seq: 1 });
      expect(events.of('read')).toEqual([{ seq: 2 }, { seq: 3 }]);
      expect(events.of('delivery')).toEqual([
        { id: first.id, status: 'sent', seq: 2 },
        { id: second.id, status: 'sent', seq: 3 },
        { id: first.id, status: 'read', seq: 2 },
        { id: second.id, status: 'read', seq: 3 },
      ]);
      expect(client.messages.map((message) => message.status)).toEqual(['sent', 'read', 'read']);
    });

    it('marks a message failed on a permanent relay error: rejected, not resent, not stored', async () => {
      const { relay, client, storage, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const sending = client.send('text the relay refuses');
      const id = relay.sockets.last().sentOf('message')[0]!.id;
      relay.broadcast({ type: 'error', code: 'CONFAB_TEXT_INVALID', message: 'Refused', id });
      const error = await rejection(sending);
      expect(error).toMatchObject({ code: 'CONFAB_TEXT_INVALID', message: 'Refused' });
      expect(events.of('delivery')).toEqual([{ id, status: 'failed', error }]);
      expect(events.of('error')).toEqual([]);
      expect(client.messages).toEqual([expect.objectContaining({ id, status: 'failed' })]);
      expect(storage.getItem('confab:outbox')).toBeNull();
      relay.dropAll();
      await tick(250);
      expect(sentOf(relay, 'message')).toHaveLength(1);
    });

    it('sends a message again after a transient relay error', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const sending = client.send('Is this on sale?');
      const id = relay.sockets.last().sentOf('message')[0]!.id;
      relay.isBlackhole = false;
      relay.broadcast({ type: 'error', code: 'CONFAB_STORE_FAILED', message: 'Disk full', id });
      expect(events.of('error').map((error) => error.code)).toEqual(['CONFAB_STORE_FAILED']);
      await tick(250);
      expect(await sending).toMatchObject({ id, status: 'sent', seq: 1 });
      expect(relay.sockets.sockets).toHaveLength(1);
    });

    it('validates the text at once and queues nothing when it is refused', async () => {
      const relay = new FakeRelay({ limits: { maxTextLength: 5, maxFrameBytes: 60 } });
      const { client, storage, events } = setup({ relay });
      expect((await rejection(client.send('x'.repeat(4001)))).code).toBe('CONFAB_TEXT_TOO_LONG');
      await tick();
      const cases: [unknown, string][] = [
        ['   \n', 'CONFAB_TEXT_INVALID'],
        ['a\u0000b', 'CONFAB_TEXT_INVALID'],
        ['\uD800', 'CONFAB_TEXT_INVALID'],
        [42, 'CONFAB_TEXT_INVALID'],
        ['123456', 'CONFAB_TEXT_TOO_LONG'],
        ['"""""', 'CONFAB_FRAME_TOO_LARGE'],
      ];
      for (const [text, code] of cases) {
        expect((await rejection(client.send(text as string))).code, String(text)).toBe(code);
      }
      expect(client.messages).toEqual([]);
      expect(events.of('message')).toEqual([]);
      expect(storage.getItem('confab:outbox')).toBeNull();
      expect(sentOf(relay, 'message')).toEqual([]);
    });

    it('fails queued messages that the welcomed limits refuse, before sending them', async () => {
      const relay = new FakeRelay({ limits: { maxTextLength: 10, maxFrameBytes: 65_536 } });
      const { client, events } = setup({ relay, autoConnect: false });
      const long = rejection(client.send('This text is longer than ten'));
      const short = client.send('short');
      client.connect();
      await tick();
      expect((await long).code).toBe('CONFAB_TEXT_TOO_LONG');
      expect(await short).toMatchObject({ status: 'sent', seq: 1 });
      expect(sentOf(relay, 'message').map((frame) => frame.text)).toEqual(['short']);
      expect(events.of('delivery').map((delivery) => delivery.status)).toEqual(['failed', 'sent']);
    });
  });

  describe('storage', () => {
    it('keeps unsent messages in storage and sends them from the next client after a reload', async () => {
      const relay = new FakeRelay();
      relay.isDown = true;
      const storage = memoryStorage();
      const first = setup({ relay, storage });
      await tick();
      const sending = first.client.send('typed offline');
      const [entry] = JSON.parse(storage.getItem('confab:outbox')!) as { id: string; text: string }[];
      expect(entry).toEqual({ id: expect.any(String), text: 'typed offline', createdAt: expect.any(Number) });
      first.client.close();
      expect((await rejection(sending)).code).toBe('CONFAB_CLIENT_CLOSED');
      relay.isDown = false;
      const second = setup({ relay, storage });
      await tick();
      expect(second.events.of('message')).toEqual([expect.objectContaining({ id: entry!.id, text: 'typed offline', status: 'pending' })]);
      expect(second.events.of('delivery')).toEqual([{ id: entry!.id, status: 'sent', seq: 1 }]);
      expect(relay.visitorMessages.map((message) => message.id)).toEqual([entry!.id]);
      expect(storage.getItem('confab:outbox')).toBeNull();
    });

    it('shows a message once after a reload between store and ack', async () => {
      const relay = new FakeRelay();
      const storage = memoryStorage();
      const first = setup({ relay, storage });
      await tick();
      relay.isHoldingAcks = true;
      const sending = first.client.send('Where is my parcel?');
      first.client.close();
      await rejection(sending);
      relay.isHoldingAcks = false;
      const second = setup({ relay, storage });
      await tick();
      expect(relay.hellos.at(-1)).toMatchObject({ token: relay.token, lastSeq: 0 });
      expect(relay.visitorMessages).toHaveLength(1);
      expect(second.client.messages.map((message) => [message.text, message.status])).toEqual([['Where is my parcel?', 'sent']]);
      expect(second.events.of('message')).toHaveLength(1);
    });

    it('adopts stored messages before one sent right after createClient(), keeping their order', async () => {
      const relay = new FakeRelay();
      const storage = memoryStorage();
      storage.setItem('confab:outbox', JSON.stringify([{ id: 'earlier-message-1', text: 'earlier', createdAt: 1 }]));
      const { client } = setup({ relay, storage });
      void client.send('later');
      await tick();
      expect(relay.visitorMessages.map((message) => message.text)).toEqual(['earlier', 'later']);
    });

    it('tolerates corrupt and foreign values in storage', async () => {
      const storage = memoryStorage();
      storage.setItem('confab:token', 'not a token!');
      storage.setItem('confab:outbox', '{"broken":');
      storage.setItem('confab:conversation', '42');
      const { relay, client, events } = setup({ storage });
      await tick();
      expect(relay.hellos[0]).toEqual({ type: 'hello', versions: [1], lastSeq: 0 });
      expect(events.of('session')).toEqual([{ conversationId: relay.conversationId, resumed: false }]);
      await client.send('hi');
      expect(storage.getItem('confab:token')).toBe(relay.token);
      expect(storage.getItem('confab:outbox')).toBeNull();
    });

    it('works on when the storage throws on every call', async () => {
      const storage = {
        getItem: () => {
          throw new Error('denied');
        },
        setItem: () => {
          throw new Error('full');
        },
        removeItem: () => {
          throw new Error('denied');
        },
      };
      const { client } = setup({ storage });
      await tick();
      expect(await client.send('still works')).toMatchObject({ status: 'sent' });
    });

    it('uses the storage key as the prefix', async () => {
      const { storage } = setup({ storageKey: 'shop-a' });
      await tick();
      expect(storage.getItem('shop-a:token')).toEqual(expect.any(String));
      expect(storage.getItem('confab:token')).toBeNull();
    });
  });

  describe('gaps', () => {
    it('fetches missing messages with history when a message skips ahead', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.agentSays('1');
      storeUnseen(relay, '2');
      storeUnseen(relay, '3');
      relay.agentSays('4');
      await tick();
      expect(relay.sockets.last().sentOf('history')).toEqual([{ type: 'history', requestId: expect.any(String), before: 4, limit: 2 }]);
      expect(client.messages.map((message) => message.text)).toEqual(['1', '2', '3', '4']);
      expect(events.of('message').map((message) => message.text)).toEqual(['1', '4', '2', '3']);
      relay.dropAll();
      await tick(250);
      expect(relay.hellos.at(-1)).toMatchObject({ lastSeq: 4 });
    });

    it('asks for the messages welcome promised when they do not arrive', async () => {
      const relay = new FakeRelay();
      relay.agentSays('1');
      relay.agentSays('2');
      relay.isSkippingReplay = true;
      const { client } = setup({ relay });
      await tick(9_999);
      expect(client.messages).toEqual([]);
      await tick(1);
      expect(relay.sockets.last().sentOf('history')).toEqual([{ type: 'history', requestId: expect.any(String), before: 3, limit: 2 }]);
      expect(client.messages.map((message) => message.text)).toEqual(['1', '2']);
    });

    it('lets the replay catch up when an ack overtakes it, fetching only if it stalls', async () => {
      const relay = new FakeRelay();
      relay.agentSays('1');
      relay.agentSays('2');
      relay.isSkippingReplay = true;
      const { client } = setup({ relay });
      void client.send('3');
      await tick();
      expect(client.messages.map((message) => message.seq)).toEqual([3]);
      expect(sentOf(relay, 'history')).toEqual([]);
      await tick(10_000);
      expect(sentOf(relay, 'history')).toEqual([{ type: 'history', requestId: expect.any(String), before: 3, limit: 2 }]);
      expect(client.messages.map((message) => message.text)).toEqual(['1', '2', '3']);
    });

    it('reports messages the relay no longer has instead of leaving a silent hole', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.agentSays('1');
      storeUnseen(relay, '2');
      relay.log.splice(1, 1);
      const third: ChatMessage = { id: createId(), seq: 3, author: { role: 'agent' }, text: '3', createdAt: 3 };
      relay.log.push(third);
      relay.broadcast({ type: 'message', message: third });
      await tick();
      expect(events.of('error')).toEqual([expect.objectContaining({ code: 'CONFAB_NOT_FOUND', message: expect.stringContaining('2 to 2') })]);
      expect(client.messages.map((message) => message.seq)).toEqual([1, 3]);
      relay.dropAll();
      await tick(250);
      expect(relay.hellos.at(-1)).toMatchObject({ lastSeq: 3 });
    });

    it('reconnects to resume when the missing messages cannot be fetched', async () => {
      const { relay, client } = setup();
      await tick();
      relay.agentSays('1');
      storeUnseen(relay, '2');
      relay.isBlackhole = true;
      relay.agentSays('3');
      await tick(10_000);
      expect(client.state).toBe('reconnecting');
      relay.isBlackhole = false;
      await tick(250);
      expect(relay.hellos).toHaveLength(2);
      expect(relay.hellos.at(-1)).toMatchObject({ lastSeq: 1 });
      expect(client.messages.map((message) => message.text)).toEqual(['1', '2', '3']);
    });
  });

  describe('history()', () => {
    it('loads older messages, oldest first, and adds them to the transcript', async () => {
      const relay = new FakeRelay();
      for (const text of ['a', 'b', 'c', 'd']) relay.agentSays(text);
      relay.isSkippingReplay = true;
      const { client, events } = setup({ relay });
      await tick();
      const page = await client.history({ before: 5, limit: 2 });
      expect(page.messages.map((message) => message.text)).toEqual(['c', 'd']);
      expect(page.hasMore).toBe(true);
      // The client keeps its transcript complete from seq 1: when the replay does not bring a and b, it fetches them.
      await tick(10_000);
      expect(events.of('message').map((message) => message.text)).toEqual(['c', 'd', 'a', 'b']);
      const older = await client.history({ before: 3 });
      expect(older).toEqual({ messages: relay.log.slice(0, 2), hasMore: false });
      expect(client.messages.map((message) => message.text)).toEqual(['a', 'b', 'c', 'd']);
      expect(events.of('message')).toHaveLength(4);
    });

    it('rejects with CONFAB_NOT_CONNECTED unless open', async () => {
      const { relay, client } = setup();
      expect((await rejection(client.history())).code).toBe('CONFAB_NOT_CONNECTED');
      await tick();
      relay.isDown = true;
      relay.dropAll();
      expect((await rejection(client.history())).message).toContain('reconnecting');
    });

    it('rejects with CONFAB_TIMEOUT after requestTimeoutMs, then checks the socket', async () => {
      const { relay, client } = setup({ requestTimeoutMs: 2_000, pongTimeoutMs: 1_000 });
      await tick();
      relay.isBlackhole = true;
      const request = client.history();
      const failure = rejection(request);
      await tick(2_000);
      expect((await failure).code).toBe('CONFAB_TIMEOUT');
      expect(relay.sockets.last().sentOf('ping')).toHaveLength(1);
      await tick(1_000);
      expect(client.state).toBe('reconnecting');
    });

    it('rejects with the relay\'s error for that request', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const request = client.history();
      const { requestId } = relay.sockets.last().sentOf('history')[0]!;
      relay.broadcast({ type: 'error', code: 'CONFAB_INTERNAL', message: 'Oops', requestId });
      expect(await rejection(request)).toMatchObject({ code: 'CONFAB_INTERNAL', message: 'Oops' });
      expect(events.of('error')).toEqual([]);
    });

    it('ignores a done for a history request, and a page for any other request, from a confused relay', async () => {
      const { relay, client, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const request = client.history();
      const { requestId } = relay.sockets.last().sentOf('history')[0]!;
      relay.broadcast({ type: 'done', requestId });
      const rating = client.rate(5);
      // Sent once its checks (request-frames.ts) have loaded.
      const rate = await vi.waitFor(() => {
        const [frame] = relay.sockets.last().sentOf('rate');
        expect(frame).toBeDefined();
        return frame!;
      });
      relay.broadcast({ type: 'history', requestId: rate.requestId, messages: [], hasMore: false });
      let isSettled = false;
      void Promise.allSettled([request, rating]).then(() => (isSettled = true));
      await tick();
      expect(isSettled).toBe(false);
      // The real answers still settle both.
      relay.broadcast({ type: 'history', requestId, messages: [], hasMore: false });
      relay.broadcast({ type: 'done', requestId: rate.requestId });
      expect(await request).toEqual({ messages: [], hasMore: false });
      await expect(rating).resolves.toBeUndefined();
      expect(events.of('error')).toEqual([]);
    });

    it('rejects a pending request when the connection drops', async () => {
      const { relay, client } = setup();
      await tick();
      relay.isBlackhole = true;
      const request = client.history();
      relay.dropAll();
      expect((await rejection(request)).code).toBe('CONFAB_NOT_CONNECTED');
    });

    it('refuses invalid options with CONFAB_REQUEST_INVALID', async () => {
      const { client } = setup();
      await tick();
      for (const options of [{ limit: 0 }, { limit: 101 }, { before: 0 }, { before: 1.5 }]) {
        expect((await rejection(client.history(options))).code).toBe('CONFAB_REQUEST_INVALID');
      }
    });
  });

  it('keeps an idle connection open for as long as the relay answers pings', async () => {
    const { relay, client, events } = setup();
    await tick();
    await tick(10 * 60_000);
    expect(client.state).toBe('open');
    expect(relay.sockets.sockets).toHaveLength(1);
    expect(relay.sockets.last().sentOf('ping').length).toBeGreaterThanOrEqual(20);
    expect(events.of('state')).toHaveLength(2);
  });

  describe('typing, read receipts and context', () => {
    it('sends typing true at most every 3 s while typing, and false once', async () => {
      const { relay, client } = setup();
      await tick();
      for (let i = 0; i < 10; i++) {
        client.setTyping(true);
        await tick(500);
      }
      client.setTyping(false);
      client.setTyping(false);
      client.setTyping(true);
      expect(relay.typing).toEqual([true, true, false, true]);
    });

    it('drops typing while offline', async () => {
      const { relay, client } = setup();
      client.setTyping(true);
      await tick();
      relay.isDown = true;
      relay.dropAll();
      client.setTyping(true);
      client.setTyping(false);
      relay.isDown = false;
      await tick(1_000);
      expect(client.state).toBe('open');
      expect(relay.typing).toEqual([]);
    });

    it('marks read up to the highest seq by default, only forward, and after reconnecting when offline', async () => {
      const { relay, client } = setup();
      await tick();
      relay.agentSays('a');
      relay.agentSays('b');
      client.markRead();
      client.markRead(1);
      client.markRead(2);
      relay.isDown = true;
      relay.dropAll();
      relay.agentSays('c');
      client.markRead(3);
      relay.isDown = false;
      await tick(1_000);
      expect(relay.reads).toEqual([2, 3]);
      expect(() => client.markRead(-1)).toThrow(expect.objectContaining({ code: 'CONFAB_REQUEST_INVALID' }));
    });

    it('sends a new context now and in every later hello', async () => {
      const { relay, client } = setup();
      await tick();
      client.setContext({ url: 'https://shop.example/p/2', product: { name: 'Kettle', price: '29.90', currency: 'EUR' } });
      expect(relay.contexts).toEqual([{ url: 'https://shop.example/p/2', product: { name: 'Kettle', price: '29.90', currency: 'EUR' } }]);
      relay.dropAll();
      await tick(250);
      expect(relay.hellos.at(-1)).toMatchObject({ context: { url: 'https://shop.example/p/2' } });
      expect(() => client.setContext({ screen: { width: -1, height: 1 } })).toThrow(
        expect.objectContaining({ code: 'CONFAB_REQUEST_INVALID', message: expect.stringContaining('screen.width') }),
      );
    });
  });

  describe('close()', () => {
    it('is final', async () => {
      const { relay, client, storage, events } = setup();
      await tick();
      relay.isBlackhole = true;
      const pending = client.send('unsent');
      const request = client.history();
      client.close();
      expect(client.state).toBe('closed');
      expect(events.of('state').at(-1)).toEqual({ from: 'open', to: 'closed' });
      expect(relay.sockets.last().closedBy).toEqual({ code: 1000 });
      expect((await rejection(pending)).code).toBe('CONFAB_CLIENT_CLOSED');
      expect((await rejection(request)).code).toBe('CONFAB_CLIENT_CLOSED');
      expect((await rejection(client.send('more'))).code).toBe('CONFAB_CLIENT_CLOSED');
      expect((await rejection(client.history())).code).toBe('CONFAB_CLIENT_CLOSED');
      expect(() => client.connect()).toThrow(expect.objectContaining({ code: 'CONFAB_CLIENT_CLOSED' }));
      const count = events.all.length;
      client.setTyping(true);
      client.markRead(5);
      client.setContext({ url: 'https://shop.example' });
      client.close();
      relay.isDown = false;
      await tick(10 * 60_000);
      expect(events.all).toHaveLength(count);
      expect(relay.sockets.sockets).toHaveLength(1);
      expect(JSON.parse(storage.getItem('confab:outbox')!)).toEqual([expect.objectContaining({ text: 'unsent' })]);
    });

    it('never connects when closed before its first microtask', async () => {
      const { relay, client } = setup();
      client.close();
      await tick(60_000);
      expect(relay.sockets.sockets).toHaveLength(0);
      expect(client.state).toBe('closed');
    });
  });

  it('throws CONFAB_CONFIG_INVALID from createClient() for a bad url', () => {
    expect(() => createClient({ url: 'relay.example', WebSocket: new FakeRelay().WebSocket })).toThrow(
      expect.objectContaining({ code: 'CONFAB_CONFIG_INVALID' }),
    );
  });
});
