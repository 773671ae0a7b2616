import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, DEFAULT_LIMITS, TOKEN_PATTERN, createId, type ConversationSummary, type TranscriptPage } from '@confab/protocol';
import { pick as pickWith, seededRandom, type Random } from './test-support/random.js';
import { eventually, testRelays, type TestRelay } from './test-support/relay.js';
import { TestSocket, UpgradeRefused, sendMessage } from './test-support/socket.js';

const relayWith = testRelays();

async function transcript(relay: TestRelay, conversationId: string): Promise<TranscriptPage> {
  const response = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages?limit=200`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('visitor socket handshake', () => {
  it('welcomes a first-time visitor with a new session and the limits', async () => {
    const relay = await relayWith({ maxTextLength: 500 });
    const { welcome } = await relay.visitor();
    expect(welcome).toMatchObject({
      type: 'welcome',
      version: 1,
      resumed: false,
      lastSeq: 0,
      visitorReadSeq: 0,
      status: 'open',
      limits: { maxTextLength: 500, maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes },
      heartbeatMs: 25_000,
    });
    expect(welcome.token).toMatch(TOKEN_PATTERN);
    expect(welcome.token).toHaveLength(21);
  });

  it('refuses a hello without a shared version with 4002', async () => {
    const relay = await relayWith();
    const socket = await relay.socket('/v1/ws');
    socket.send({ type: 'hello', versions: [7, 9] });
    const error = await socket.waitFor('error');
    expect(error.code).toBe('CONFAB_VERSION_UNSUPPORTED');
    expect(error.message).toContain('7, 9');
    expect((await socket.closed()).code).toBe(CLOSE_CODES.VERSION_UNSUPPORTED);
  });

  it('closes with 4000 when no hello arrives in time', async () => {
    const relay = await relayWith({ handshakeTimeoutMs: 200 });
    const socket = await relay.socket('/v1/ws');
    expect((await socket.waitFor('error')).code).toBe('CONFAB_HANDSHAKE_TIMEOUT');
    expect((await socket.closed()).code).toBe(CLOSE_CODES.HANDSHAKE_TIMEOUT);
  });

  it('closes with 4001 when another frame comes before hello', async () => {
    const relay = await relayWith();
    for (const first of [{ type: 'message', id: createId(), text: 'hi' }, 'not json']) {
      const socket = await relay.socket('/v1/ws');
      socket.send(first);
      expect((await socket.waitFor('error')).code).toBe('CONFAB_HANDSHAKE_REQUIRED');
      expect((await socket.closed()).code).toBe(CLOSE_CODES.HANDSHAKE_REQUIRED);
    }
  });

  it('closes with 4001 on a second hello', async () => {
    const relay = await relayWith();
    const { socket } = await relay.visitor();
    socket.send({ type: 'hello', versions: [1] });
    expect((await socket.waitFor('error')).code).toBe('CONFAB_HANDSHAKE_REQUIRED');
    expect((await socket.closed()).code).toBe(CLOSE_CODES.HANDSHAKE_REQUIRED);
  });

  it('answers an invalid hello with CONFAB_FRAME_INVALID and still accepts a good one', async () => {
    const relay = await relayWith();
    const socket = await relay.socket('/v1/ws');
    socket.send({ type: 'hello', versions: 'one' });
    const error = await socket.waitFor('error');
    expect(error.code).toBe('CONFAB_FRAME_INVALID');
    expect(error.message).toContain('versions');
    socket.send({ type: 'hello', versions: [1] });
    expect((await socket.waitFor('welcome')).resumed).toBe(false);
  });

  it('starts a new conversation for an unknown token and says it did not resume', async () => {
    const relay = await relayWith();
    const unknown = createId(21);
    const { welcome } = await relay.visitor({ token: unknown, lastSeq: 12 });
    expect(welcome.resumed).toBe(false);
    expect(welcome.token).not.toBe(unknown);
    expect(welcome.lastSeq).toBe(0);
  });
});

describe('visitor messages', () => {
  it('acknowledges a message once stored and sends it to the agents', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    const id = createId();
    const ack = await sendMessage(visitor, id, '这个水壶有现货吗？ 🫖 مرحبا');
    expect(ack).toMatchObject({ type: 'ack', id, seq: 1 });
    const message = await agent.waitFor('message');
    expect(message).toMatchObject({
      conversationId: visitor.welcome.conversationId,
      message: { id, seq: 1, author: { role: 'visitor' }, text: '这个水壶有现货吗？ 🫖 مرحبا', createdAt: ack.createdAt },
    });
    const summary = (await agent.waitFor('conversation')).conversation;
    expect(summary).toMatchObject({ id: visitor.welcome.conversationId, lastSeq: 1, unreadCount: 1, visitorOnline: true });
    expect((await sendMessage(visitor, createId(), 'second')).seq).toBe(2);
  });

  it('stores a resent id once and acknowledges it again with the original seq', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const otherTab = await relay.visitor({ token: visitor.welcome.token });
    const id = createId();
    const first = await sendMessage(visitor, id, 'only once');
    await otherTab.socket.waitFor('message', (frame) => frame.message.id === id);
    const again = await sendMessage(visitor, id, 'a different text: the first write wins');
    expect(again).toEqual(first);
    await sendMessage(visitor, createId(), 'next');
    await otherTab.socket.waitFor('message', (frame) => frame.message.text === 'next');
    expect(otherTab.socket.received.filter((frame) => frame.type === 'message' && frame.message.id === id)).toHaveLength(1);
    const page = await transcript(relay, visitor.welcome.conversationId);
    expect(page.messages.map((m) => [m.seq, m.text])).toEqual([
      [1, 'only once'],
      [2, 'next'],
    ]);
  });

  it('delivers writes committed together to every tab and agent stream once, in seq order', async () => {
    const relay = await relayWith({ messagesPerMinute: 10_000 });
    const agent = await relay.agent();
    const tabA = await relay.visitor();
    const { conversationId, token } = tabA.welcome;
    const tabB = await relay.visitor({ token });
    // Both tabs and the agent API write at once, so their writes share group commits.
    const replies = Array.from({ length: 10 }, (_, i) =>
      relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { id: createId(), text: `agent ${i}` } }),
    );
    for (let i = 0; i < 10; i++) {
      tabA.socket.send({ type: 'message', id: createId(), text: `tab A ${i}` });
      tabB.socket.send({ type: 'message', id: createId(), text: `tab B ${i}` });
    }
    expect((await Promise.all(replies)).map((reply) => reply.status)).toEqual(replies.map(() => 201));
    await tabA.socket.waitForMany('ack', 10);
    await tabB.socket.waitForMany('ack', 10);
    const stored = (await transcript(relay, conversationId)).messages;
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, index) => index + 1));
    for (const tab of [tabA, tabB]) {
      const own = tab === tabA ? 'tab A' : 'tab B';
      const others = stored.filter((m) => !m.text.startsWith(own));
      expect(await tab.socket.waitForMany('message', others.length)).toEqual(others.map((message) => ({ type: 'message', message })));
      expect(tab.socket.received.filter((frame) => frame.type === 'ack').map((ack) => ack.type === 'ack' && ack.seq)).toEqual(
        stored.filter((m) => m.text.startsWith(own)).map((m) => m.seq),
      );
    }
    const streamed = await agent.waitForMany('message', stored.length);
    expect(streamed.map((frame) => frame.type === 'message' && frame.message)).toEqual(stored);
  });

  it('answers a write the store could not commit with CONFAB_STORE_FAILED on the socket and the API, and stores it once when resent', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    // Another connection to the database makes these texts fail inside the store's transaction.
    const db = new Database(join(relay.dataDir, 'confab.sqlite'));
    db.exec(`CREATE TRIGGER refuse_disk_full BEFORE INSERT ON messages WHEN NEW.text LIKE 'doomed%' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`);
    const id = createId();
    visitor.socket.send({ type: 'message', id, text: 'doomed visitor message' });
    expect(await visitor.socket.waitFor('error')).toMatchObject({ code: 'CONFAB_STORE_FAILED', id });
    const replyId = createId();
    const reply = await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { id: replyId, text: 'doomed reply' } });
    expect(reply).toMatchObject({ status: 503, body: { code: 'CONFAB_STORE_FAILED' } });
    expect((await transcript(relay, conversationId)).messages).toEqual([]);
    // The disk recovers; the clients resend with the same ids and each is stored once.
    db.exec('DROP TRIGGER refuse_disk_full');
    db.close();
    expect(await sendMessage(visitor, id, 'doomed visitor message')).toMatchObject({ id, seq: 1 });
    expect(await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { id: replyId, text: 'doomed reply' } })).toMatchObject({
      status: 201,
      body: { id: replyId, seq: 2 },
    });
    expect((await transcript(relay, conversationId)).messages.map((m) => m.id)).toEqual([id, replyId]);
  });

  it('sends a message from one tab to the other tabs, and only the ack to the sender', async () => {
    const relay = await relayWith();
    const tabA = await relay.visitor();
    const tabB = await relay.visitor({ token: tabA.welcome.token });
    expect(tabB.welcome).toMatchObject({ resumed: true, conversationId: tabA.welcome.conversationId });
    const id = createId();
    await sendMessage(tabA, id, 'from tab A');
    expect((await tabB.socket.waitFor('message')).message).toMatchObject({ id, text: 'from tab A' });
    tabA.socket.send({ type: 'ping', nonce: 'after' });
    await tabA.socket.waitFor('pong');
    expect(tabA.socket.unread('message')).toEqual([]);
  });

  it('replays exactly what a reconnecting visitor missed, agent replies included, then goes live', async () => {
    const relay = await relayWith();
    const first = await relay.visitor();
    const { conversationId, token } = first.welcome;
    await sendMessage(first, createId(), 'one');
    await sendMessage(first, createId(), 'two');
    await first.socket.close();

    for (const text of ['reply while away 1', 'reply while away 2']) {
      const posted = await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text, authorName: 'Mei' } });
      expect(posted.status).toBe(201);
    }

    const back = await relay.visitor({ token, lastSeq: 2 });
    expect(back.welcome).toMatchObject({ resumed: true, conversationId, token, lastSeq: 4 });
    const replayed = await back.socket.waitForMany('message', 2);
    expect(replayed.map((frame) => [frame.message.seq, frame.message.text, frame.message.author])).toEqual([
      [3, 'reply while away 1', { role: 'agent', name: 'Mei' }],
      [4, 'reply while away 2', { role: 'agent', name: 'Mei' }],
    ]);
    await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text: 'live' } });
    expect((await back.socket.waitFor('message')).message).toMatchObject({ seq: 5, text: 'live' });
    expect(back.socket.received.filter((frame) => frame.type === 'message')).toHaveLength(3);

    const fresh = await relay.visitor({ token });
    const all = await fresh.socket.waitForMany('message', 5);
    expect(all.map((frame) => frame.message.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rejects a message over maxTextLength with its id and stores nothing', async () => {
    const relay = await relayWith({ maxTextLength: 10 });
    const visitor = await relay.visitor();
    const id = createId();
    visitor.socket.send({ type: 'message', id, text: '🫖'.repeat(11) });
    const error = await visitor.socket.waitFor('error');
    expect(error).toMatchObject({ code: 'CONFAB_TEXT_TOO_LONG', id });
    expect(error.message).toContain('11');
    // Ten code points are fine, even if they are 20 UTF-16 units.
    expect((await sendMessage(visitor, createId(), '🫖'.repeat(10))).seq).toBe(1);
    expect((await transcript(relay, visitor.welcome.conversationId)).messages).toHaveLength(1);
  });

  it('closes a frame larger than maxFrameBytes with 1009 and stores nothing', async () => {
    const relay = await relayWith({ maxFrameBytes: 20_000, maxTextLength: 4000 });
    const bystander = await relay.visitor();
    const visitor = await relay.visitor();
    visitor.socket.send({ type: 'message', id: createId(), text: 'x'.repeat(25_000) });
    expect((await visitor.socket.closed()).code).toBe(CLOSE_CODES.FRAME_TOO_LARGE);
    expect((await transcript(relay, visitor.welcome.conversationId)).messages).toEqual([]);
    expect((await sendMessage(bystander, createId(), 'still here')).seq).toBe(1);
  });

  it('limits the message rate per connection with CONFAB_RATE_LIMITED and stores nothing beyond it', async () => {
    const relay = await relayWith({ messagesPerMinute: 1 });
    const visitor = await relay.visitor();
    for (let i = 0; i < 20; i++) await sendMessage(visitor, createId(), `burst ${i}`);
    const id = createId();
    visitor.socket.send({ type: 'message', id, text: 'one too many' });
    expect(await visitor.socket.waitFor('error')).toMatchObject({ code: 'CONFAB_RATE_LIMITED', id });
    // Another connection has its own budget.
    const other = await relay.visitor();
    expect((await sendMessage(other, createId(), 'mine')).seq).toBe(1);
    expect((await transcript(relay, visitor.welcome.conversationId)).messages).toHaveLength(20);
  });

  it('acknowledges resends without spending rate budget, also when the bucket is empty or the text is now invalid', async () => {
    const relay = await relayWith({ messagesPerMinute: 1, maxTextLength: 50 });
    const visitor = await relay.visitor();
    const firstId = createId();
    const first = await sendMessage(visitor, firstId, 'burst 0');
    // Resends in between leave the 20-message burst intact for new messages.
    for (let i = 0; i < 5; i++) expect(await sendMessage(visitor, firstId, 'burst 0')).toEqual(first);
    for (let i = 1; i < 20; i++) await sendMessage(visitor, createId(), `burst ${i}`);
    // The bucket is empty now, yet a resend is still acknowledged, even with a text over the limit.
    expect(await sendMessage(visitor, firstId, 'burst 0')).toEqual(first);
    expect(await sendMessage(visitor, firstId, 'x'.repeat(60))).toEqual(first);
    const id = createId();
    visitor.socket.send({ type: 'message', id, text: 'one too many' });
    expect(await visitor.socket.waitFor('error')).toMatchObject({ code: 'CONFAB_RATE_LIMITED', id });
    const messages = (await transcript(relay, visitor.welcome.conversationId)).messages;
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(messages[0]).toMatchObject({ id: firstId, text: 'burst 0' });
  });

  it('reopens a closed conversation when the shopper writes', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'hello');
    const closed = await relay.api<ConversationSummary>('POST', `/v1/agent/conversations/${conversationId}/close`);
    expect(closed.body.status).toBe('closed');
    expect(await visitor.socket.waitFor('status')).toEqual({ type: 'status', status: 'closed' });
    await sendMessage(visitor, createId(), 'one more question');
    expect(await visitor.socket.waitFor('status')).toEqual({ type: 'status', status: 'open' });
    const summary = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
    expect(summary.body).toMatchObject({ status: 'open', lastSeq: 2 });
  });
});

describe('visitor socket, bad input', () => {
  const badFrames: [string, string | Buffer | object, string][] = [
    ['not JSON', '{"type":', 'CONFAB_JSON_INVALID'],
    ['a binary frame', Buffer.from('{"type":"ping"}'), 'CONFAB_JSON_INVALID'],
    ['JSON that is not an object', '[1,2]', 'CONFAB_FRAME_INVALID'],
    ['an object without a string type', { type: 5 }, 'CONFAB_FRAME_INVALID'],
    ['an unknown type', { type: 'shout' }, 'CONFAB_TYPE_UNKNOWN'],
    ['type __proto__', '{"type":"__proto__"}', 'CONFAB_TYPE_UNKNOWN'],
    ['type constructor', { type: 'constructor' }, 'CONFAB_TYPE_UNKNOWN'],
    ['a missing field', { type: 'message', id: 'abcdefgh12' }, 'CONFAB_FRAME_INVALID'],
    ['a wrong field type', { type: 'message', id: 'abcdefgh12', text: 42 }, 'CONFAB_FRAME_INVALID'],
    ['an out-of-range number', { type: 'read', seq: -1 }, 'CONFAB_FRAME_INVALID'],
    ['a bad id', { type: 'message', id: 'no spaces allowed', text: 'hi' }, 'CONFAB_FRAME_INVALID'],
    ['blank text', { type: 'message', id: 'abcdefgh01', text: ' \n\t ' }, 'CONFAB_TEXT_INVALID'],
    ['a control character', { type: 'message', id: 'abcdefgh02', text: 'bell\u0007' }, 'CONFAB_TEXT_INVALID'],
    ['a lone surrogate', '{"type":"message","id":"abcdefgh03","text":"half \\ud83d"}', 'CONFAB_TEXT_INVALID'],
  ];

  it('answers every bad frame with its code while another visitor keeps chatting, and stores nothing', async () => {
    const relay = await relayWith();
    const bad = await relay.visitor();
    const good = await relay.visitor();
    for (const [what, frame, code] of badFrames) {
      if (Buffer.isBuffer(frame)) bad.socket.sendBinary(frame);
      else bad.socket.send(frame);
      const error = await bad.socket.waitFor('error');
      expect(error.code, what).toBe(code);
      await sendMessage(good, createId(), `still chatting after ${what}`);
    }
    const texts = await bad.socket.received.filter((frame) => frame.type === 'error');
    expect(texts.find((frame) => frame.code === 'CONFAB_TEXT_INVALID')).toMatchObject({ id: 'abcdefgh01' });
    expect(texts.find((frame) => frame.code === 'CONFAB_FRAME_INVALID' && frame.message.includes('text'))).toBeDefined();
    // The misbehaving connection itself still works.
    expect((await sendMessage(bad, createId(), 'now a good one')).seq).toBe(1);
    expect((await transcript(relay, bad.welcome.conversationId)).messages.map((m) => m.text)).toEqual(['now a good one']);
    expect((await transcript(relay, good.welcome.conversationId)).messages).toHaveLength(badFrames.length);
  });

  it('closes with 4008 after more than 20 invalid frames in a minute', async () => {
    const relay = await relayWith();
    const bad = await relay.visitor();
    const good = await relay.visitor();
    for (let i = 0; i < 21; i++) bad.socket.send('nope');
    expect((await bad.socket.closed()).code).toBe(CLOSE_CODES.RATE_LIMITED);
    expect(bad.socket.received.filter((frame) => frame.type === 'error' && frame.code === 'CONFAB_JSON_INVALID')).toHaveLength(21);
    expect((await sendMessage(good, createId(), 'unaffected')).seq).toBe(1);
  });
});

describe('visitor socket, random input', () => {
  function garbage(next: Random): string | Buffer {
    const pick = <T,>(items: readonly T[]): T => pickWith(next, items);
    const values: unknown[] = [null, true, -1, 0, 1.5, 2 ** 60, '', 'x'.repeat(300), '\u0000', '__proto__', [], {}, { type: 'hello' }, [1, [2, [3]]]];
    const types = ['hello', 'message', 'typing', 'read', 'context', 'history', 'ping', 'welcome', 'ack', '__proto__', 'toString', ''];
    const fields = ['id', 'text', 'seq', 'isTyping', 'context', 'requestId', 'before', 'limit', 'versions', 'token', 'nonce', 'constructor'];
    switch (Math.floor(next() * 5)) {
      case 0:
        return Buffer.from(Array.from({ length: 1 + Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
      case 1:
        return '['.repeat(1 + Math.floor(next() * 5000));
      case 2:
        return JSON.stringify(pick(values));
      default: {
        const frame: Record<string, unknown> = { type: pick(types) };
        for (let i = 0; i < 3; i++) frame[pick(fields)] = pick(values);
        return JSON.stringify(frame);
      }
    }
  }

  it('survives random garbage on many connections and keeps serving others', async () => {
    const relay = await relayWith();
    const good = await relay.visitor();
    const next = seededRandom(20261122);
    for (let connection = 0; connection < 6; connection++) {
      const bad = await relay.visitor();
      for (let i = 0; i < 15; i++) {
        const frame = garbage(next);
        if (Buffer.isBuffer(frame)) bad.socket.sendBinary(frame);
        else bad.socket.send(frame);
      }
      bad.socket.send({ type: 'ping', nonce: 'still there?' });
      await bad.socket.waitFor('pong', (pong) => pong.nonce === 'still there?');
      expect((await sendMessage(good, createId(), `after connection ${connection}`)).seq).toBe(connection + 1);
    }
    const health = await relay.api<{ status: string }>('GET', '/healthz', { token: null });
    expect(health.body.status).toBe('ok');
  });
});

describe('visitor socket origin check', () => {
  it('refuses a foreign Origin with 403 CONFAB_ORIGIN_REJECTED before the upgrade', async () => {
    const relay = await relayWith();
    const refused = await TestSocket.open(`${relay.wsUrl}/v1/ws`, { origin: 'https://evil.example' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpgradeRefused);
    expect((refused as UpgradeRefused).status).toBe(403);
    expect(JSON.parse((refused as UpgradeRefused).body)).toMatchObject({ statusCode: 403, code: 'CONFAB_ORIGIN_REJECTED', error: 'Forbidden' });
  });

  it('allows its own origin, listed origins and clients without an Origin', async () => {
    const relay = await relayWith({ allowedOrigins: ['https://shop.example'] });
    expect((await relay.visitor({}, { origin: relay.baseUrl })).welcome.resumed).toBe(false);
    expect((await relay.visitor({}, { origin: 'https://shop.example' })).welcome.resumed).toBe(false);
    expect((await relay.visitor()).welcome.resumed).toBe(false);
    await expect(relay.visitor({}, { origin: 'https://shop.example.evil.test' })).rejects.toMatchObject({ status: 403 });
    await expect(relay.visitor({}, { origin: 'null' })).rejects.toMatchObject({ status: 403 });
  });

  it('answers plain HTTP on the socket path with 426', async () => {
    const relay = await relayWith();
    const response = await relay.api('GET', '/v1/ws', { token: null });
    expect(response).toMatchObject({ status: 426, body: { code: 'CONFAB_REQUEST_INVALID' } });
  });
});

describe('visitor typing, read receipts, context, history and heartbeats', () => {
  it('forwards typing to agents and expires it when not renewed', async () => {
    const relay = await relayWith({ typingExpiryMs: 300 });
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    visitor.socket.send({ type: 'typing', isTyping: true });
    expect(await agent.waitFor('typing')).toMatchObject({ conversationId: visitor.welcome.conversationId, isTyping: true, author: { role: 'visitor' } });
    expect(await agent.waitFor('typing')).toMatchObject({ isTyping: false, author: { role: 'visitor' } });
  });

  it('shows agent typing to the visitor with the agent name, and expires it', async () => {
    const relay = await relayWith({ typingExpiryMs: 300 });
    const visitor = await relay.visitor();
    const response = await relay.api('POST', `/v1/agent/conversations/${visitor.welcome.conversationId}/typing`, {
      body: { isTyping: true, authorName: 'Mei' },
    });
    expect(response.status).toBe(204);
    expect(await visitor.socket.waitFor('typing')).toEqual({ type: 'typing', isTyping: true, author: { role: 'agent', name: 'Mei' } });
    expect(await visitor.socket.waitFor('typing')).toEqual({ type: 'typing', isTyping: false, author: { role: 'agent', name: 'Mei' } });
  });

  it('passes read receipts both ways and tells a returning visitor what the agents and the shopper read', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    const { conversationId, token } = visitor.welcome;
    await sendMessage(visitor, createId(), 'one');
    await relay.api('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text: 'two' } });
    await visitor.socket.waitFor('message');
    visitor.socket.send({ type: 'read', seq: 2 });
    expect(await agent.waitFor('read')).toEqual({ type: 'read', conversationId, seq: 2, by: 'visitor' });
    expect((await relay.api('POST', `/v1/agent/conversations/${conversationId}/read`, { body: { seq: 1 } })).status).toBe(204);
    expect(await visitor.socket.waitFor('read')).toEqual({ type: 'read', seq: 1 });
    const summary = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
    expect(summary.body).toMatchObject({ visitorLastReadSeq: 2, agentLastReadSeq: 1, unreadCount: 0 });
    const back = await relay.visitor({ token, lastSeq: 2 });
    expect(await back.socket.waitFor('read')).toEqual({ type: 'read', seq: 1 });
    // A new tab learns how far the shopper has read (from any tab), for its unread count.
    expect(back.welcome.visitorReadSeq).toBe(2);
  });

  it('keeps the visitor context from hello and context frames for the agents', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor({
      context: { url: 'https://shop.example/p/aster', title: 'Aster kettle', locale: 'zh-CN', product: { name: 'Aster 水壶', sku: 'AST-1', price: '129.00', currency: 'CNY' } },
    });
    const { conversationId } = visitor.welcome;
    const before = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
    expect(before.body.context).toMatchObject({ title: 'Aster kettle', product: { name: 'Aster 水壶', price: '129.00' } });
    await sendMessage(visitor, createId(), 'hi');
    const agent = await relay.agent();
    visitor.socket.send({ type: 'context', context: { url: 'https://shop.example/cart', custom: { plan: 'gold' } } });
    const update = await agent.waitFor('conversation');
    expect(update.conversation.context).toEqual({ url: 'https://shop.example/cart', custom: { plan: 'gold' } });
  });

  it('pages older messages with history and answers ping with pong', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    for (let i = 1; i <= 5; i++) await sendMessage(visitor, createId(), `m${i}`);
    visitor.socket.send({ type: 'history', requestId: 'h1', before: 4, limit: 2 });
    const page = await visitor.socket.waitFor('history');
    expect(page).toMatchObject({ requestId: 'h1', hasMore: true });
    expect(page.messages.map((m) => m.text)).toEqual(['m2', 'm3']);
    visitor.socket.send({ type: 'history', requestId: 'h2' });
    const newest = await visitor.socket.waitFor('history', (frame) => frame.requestId === 'h2');
    expect(newest).toMatchObject({ hasMore: false });
    expect(newest.messages).toHaveLength(5);
    visitor.socket.send({ type: 'ping', nonce: 'n1' });
    expect(await visitor.socket.waitFor('pong')).toEqual({ type: 'pong', nonce: 'n1' });
  });

  it('pings at the WebSocket level and drops a client that stopped answering', async () => {
    const relay = await relayWith({ heartbeatMs: 1000 });
    const pinged = await relay.visitor();
    let pings = 0;
    pinged.socket.raw.on('ping', () => pings++);
    const silent = new WebSocket(`${relay.wsUrl}/v1/ws`, { autoPong: false });
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    silent.on('open', () => silent.send(JSON.stringify({ type: 'hello', versions: [1] })));
    // Terminated without a close frame: the client sees an abnormal closure.
    expect(await closed).toBe(1006);
    await eventually('a heartbeat ping', () => pings > 0);
    expect((await sendMessage(pinged, createId(), 'alive')).seq).toBe(1);
  });
});
