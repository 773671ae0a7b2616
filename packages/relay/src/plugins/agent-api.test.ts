import { describe, expect, it } from 'vitest';
import { createId, type ChatMessage, type ConversationSummary, type HttpErrorBody, type QuickReply, type TranscriptPage } from '@confab/protocol';
import { testRelays, type TestRelay } from '../test-support/relay.js';
import { sendMessage, type Visitor } from '../test-support/socket.js';

const relayWith = testRelays();

/** A relay clock the test moves, so activity order does not depend on how fast the test runs. */
function manualClock(start = 1_763_800_000_000): { now: () => number; advance(ms?: number): void } {
  let time = start;
  return { now: () => time, advance: (ms = 1000) => void (time += ms) };
}

async function conversationWith(relay: TestRelay, ...texts: string[]): Promise<Visitor> {
  const visitor = await relay.visitor();
  for (const text of texts) await sendMessage(visitor, createId(), text);
  return visitor;
}

function expectError(response: { status: number; body: unknown }, status: number, code: string, mentions?: string): void {
  expect(response.status).toBe(status);
  const body = response.body as HttpErrorBody;
  expect(Object.keys(body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  expect(body).toMatchObject({ statusCode: status, code });
  if (mentions) expect(body.message).toContain(mentions);
}

describe('agent API authentication', () => {
  it('refuses requests without a token, with a wrong one, or with another scheme', async () => {
    const relay = await relayWith();
    const none = await relay.api('GET', '/v1/agent/conversations', { token: null });
    expectError(none, 401, 'CONFAB_AUTH_REJECTED', 'Authorization');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectError(await relay.api('GET', '/v1/agent/conversations', { token: 'wrong-token-wrong-token' }), 401, 'CONFAB_AUTH_REJECTED');
    expectError(await relay.api('GET', '/v1/agent/quick-replies', { token: `${relay.agentToken}x` }), 401, 'CONFAB_AUTH_REJECTED');
    const basic = await relay.api('GET', '/v1/agent/conversations', {
      token: null,
      headers: { authorization: `Basic ${Buffer.from(`agent:${relay.agentToken}`).toString('base64')}` },
    });
    expectError(basic, 401, 'CONFAB_AUTH_REJECTED');
  });

  it('accepts the right token', async () => {
    const relay = await relayWith();
    const response = await relay.api('GET', '/v1/agent/conversations');
    expect(response).toMatchObject({ status: 200, body: { conversations: [], hasMore: false } });
  });
});

describe('agent API conversations', () => {
  it('lists conversations with unread counts, newest activity first, paged', async () => {
    const clock = manualClock();
    const relay = await relayWith({ now: clock.now });
    const older = await conversationWith(relay, 'first shopper');
    clock.advance();
    const middle = await conversationWith(relay, 'second shopper', 'still waiting');
    clock.advance();
    const newest = await conversationWith(relay, 'third shopper');
    await relay.visitor(); // never writes: not listed
    clock.advance();

    const all = await relay.api<{ conversations: ConversationSummary[]; hasMore: boolean }>('GET', '/v1/agent/conversations');
    expect(all.body.hasMore).toBe(false);
    expect(all.body.conversations.map((c) => [c.id, c.unreadCount, c.visitorOnline])).toEqual([
      [newest.welcome.conversationId, 1, true],
      [middle.welcome.conversationId, 2, true],
      [older.welcome.conversationId, 1, true],
    ]);
    expect(all.body.conversations[1]!.lastMessage).toMatchObject({ seq: 2, text: 'still waiting' });

    const first = await relay.api<{ conversations: ConversationSummary[]; hasMore: boolean }>('GET', '/v1/agent/conversations?limit=2');
    expect(first.body.conversations.map((c) => c.id)).toEqual([newest.welcome.conversationId, middle.welcome.conversationId]);
    expect(first.body.hasMore).toBe(true);
    const before = first.body.conversations.at(-1)!.updatedAt;
    const second = await relay.api<{ conversations: ConversationSummary[]; hasMore: boolean }>('GET', `/v1/agent/conversations?limit=2&before=${before}`);
    expect(second.body).toEqual({ conversations: [expect.objectContaining({ id: older.welcome.conversationId })], hasMore: false });

    // Reading and replying moves the counts and the order.
    await relay.api('POST', `/v1/agent/conversations/${middle.welcome.conversationId}/read`, { body: { seq: 2 } });
    await relay.api('POST', `/v1/agent/conversations/${older.welcome.conversationId}/messages`, { body: { text: 'Hi there' } });
    const after = await relay.api<{ conversations: ConversationSummary[] }>('GET', '/v1/agent/conversations?status=all');
    expect(after.body.conversations.map((c) => [c.id, c.unreadCount])).toEqual([
      [older.welcome.conversationId, 1],
      [newest.welcome.conversationId, 1],
      [middle.welcome.conversationId, 0],
    ]);
  });

  it('filters by status (open by default)', async () => {
    const relay = await relayWith();
    const open = await conversationWith(relay, 'open one');
    const closed = await conversationWith(relay, 'closed one');
    await relay.api('POST', `/v1/agent/conversations/${closed.welcome.conversationId}/close`);
    const ids = async (query: string) =>
      (await relay.api<{ conversations: ConversationSummary[] }>('GET', `/v1/agent/conversations${query}`)).body.conversations.map((c) => c.id);
    expect(await ids('')).toEqual([open.welcome.conversationId]);
    expect(await ids('?status=open')).toEqual([open.welcome.conversationId]);
    expect(await ids('?status=closed')).toEqual([closed.welcome.conversationId]);
    expect((await ids('?status=all')).sort()).toEqual([open.welcome.conversationId, closed.welcome.conversationId].sort());
  });

  it('refuses bad query parameters with 400 naming the parameter', async () => {
    const relay = await relayWith();
    expectError(await relay.api('GET', '/v1/agent/conversations?status=pending'), 400, 'CONFAB_REQUEST_INVALID', 'status');
    expectError(await relay.api('GET', '/v1/agent/conversations?limit=0'), 400, 'CONFAB_REQUEST_INVALID', 'limit');
    expectError(await relay.api('GET', '/v1/agent/conversations?limit=1000'), 400, 'CONFAB_REQUEST_INVALID', 'limit');
    expectError(await relay.api('GET', '/v1/agent/conversations?before=yesterday'), 400, 'CONFAB_REQUEST_INVALID', 'before');
    const visitor = await conversationWith(relay, 'x');
    expectError(await relay.api('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}/messages?after=-1`), 400, 'CONFAB_REQUEST_INVALID', 'after');
  });

  it('gets one conversation and answers 404 for unknown ones', async () => {
    const relay = await relayWith();
    const visitor = await conversationWith(relay, 'hello');
    const { conversationId } = visitor.welcome;
    const one = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: conversationId,
      status: 'open',
      lastSeq: 1,
      unreadCount: 1,
      visitorLastReadSeq: 0,
      agentLastReadSeq: 0,
      visitorOnline: true,
      context: {},
    });
    expectError(await relay.api('GET', `/v1/agent/conversations/${createId()}`), 404, 'CONFAB_NOT_FOUND');
    expectError(await relay.api('GET', '/v1/agent/conversations/..%2F..%2Fetc'), 404, 'CONFAB_NOT_FOUND');
    expectError(await relay.api('GET', `/v1/agent/conversations/${createId()}/messages`), 404, 'CONFAB_NOT_FOUND');
    for (const action of ['messages', 'typing', 'read']) {
      const body = action === 'messages' ? { text: 'hi' } : action === 'typing' ? { isTyping: true } : { seq: 1 };
      expectError(await relay.api('POST', `/v1/agent/conversations/${createId()}/${action}`, { body }), 404, 'CONFAB_NOT_FOUND');
    }
    expectError(await relay.api('POST', `/v1/agent/conversations/${createId()}/close`), 404, 'CONFAB_NOT_FOUND');
  });

  it('pages a transcript by seq, oldest first', async () => {
    const relay = await relayWith();
    const visitor = await conversationWith(relay, 'm1', 'm2', 'm3', 'm4', 'm5');
    const path = `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`;
    const texts = (page: TranscriptPage) => page.messages.map((m) => m.text);
    const newest = await relay.api<TranscriptPage>('GET', `${path}?limit=2`);
    expect([texts(newest.body), newest.body.hasMore]).toEqual([['m4', 'm5'], true]);
    const older = await relay.api<TranscriptPage>('GET', `${path}?before=4&limit=2`);
    expect([texts(older.body), older.body.hasMore]).toEqual([['m2', 'm3'], true]);
    const oldest = await relay.api<TranscriptPage>('GET', `${path}?before=2&limit=2`);
    expect([texts(oldest.body), oldest.body.hasMore]).toEqual([['m1'], false]);
    const after = await relay.api<TranscriptPage>('GET', `${path}?after=1&limit=3`);
    expect([texts(after.body), after.body.hasMore]).toEqual([['m2', 'm3', 'm4'], true]);
    const between = await relay.api<TranscriptPage>('GET', `${path}?after=1&before=4`);
    expect([texts(between.body), between.body.hasMore]).toEqual([['m2', 'm3'], false]);
    const all = await relay.api<TranscriptPage>('GET', path);
    expect(all.body.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('agent API replies', () => {
  it('posts a reply (201), reaches the visitor, and is idempotent on id (200, same message)', async () => {
    const relay = await relayWith();
    const visitor = await conversationWith(relay, '请问有货吗？');
    const path = `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`;
    const id = createId();
    const created = await relay.api<ChatMessage>('POST', path, { body: { text: '有的，今天下单明天发货。🚚', id, authorName: 'Mei' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, seq: 2, author: { role: 'agent', name: 'Mei' }, text: '有的，今天下单明天发货。🚚' });
    expect((await visitor.socket.waitFor('message')).message).toEqual(created.body);

    const again = await relay.api<ChatMessage>('POST', path, { body: { text: 'retry with other text', id, authorName: 'Mei' } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    const withoutId = await relay.api<ChatMessage>('POST', path, { body: { text: 'no id given' } });
    expect(withoutId.status).toBe(201);
    expect(withoutId.body).toMatchObject({ seq: 3, author: { role: 'agent' } });
    expect(withoutId.body.author).not.toHaveProperty('name');
    const page = await relay.api<TranscriptPage>('GET', path);
    expect(page.body.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('refuses replies to a closed conversation with 409, and bad bodies with 400', async () => {
    const relay = await relayWith({ maxTextLength: 20 });
    const visitor = await conversationWith(relay, 'hi');
    const base = `/v1/agent/conversations/${visitor.welcome.conversationId}`;
    expectError(await relay.api('POST', `${base}/messages`, { body: {} }), 400, 'CONFAB_REQUEST_INVALID', 'text');
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: 7 } }), 400, 'CONFAB_REQUEST_INVALID', 'text');
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: 'ok', id: 'bad id!' } }), 400, 'CONFAB_REQUEST_INVALID', 'id');
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: 'ok', authorName: '' } }), 400, 'CONFAB_REQUEST_INVALID', 'authorName');
    expectError(await relay.api('POST', `${base}/messages`, { body: '{"text":' }), 400, 'CONFAB_REQUEST_INVALID', 'JSON');
    expectError(await relay.api('POST', `${base}/messages`, { body: '["text"]' }), 400, 'CONFAB_REQUEST_INVALID', 'JSON object');
    expectError(await relay.api('POST', `${base}/messages`, { body: 'text=hi', headers: { 'content-type': 'text/plain' } }), 415, 'CONFAB_REQUEST_INVALID');
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: 'x'.repeat(21) } }), 400, 'CONFAB_TEXT_TOO_LONG', '21');
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: '   ' } }), 400, 'CONFAB_TEXT_INVALID');
    expectError(await relay.api('POST', `${base}/typing`, { body: { isTyping: 'yes' } }), 400, 'CONFAB_REQUEST_INVALID', 'isTyping');
    expectError(await relay.api('POST', `${base}/read`, { body: { seq: 1.5 } }), 400, 'CONFAB_REQUEST_INVALID', 'seq');

    const closed = await relay.api<ConversationSummary>('POST', `${base}/close`);
    expect(closed).toMatchObject({ status: 200, body: { status: 'closed' } });
    expectError(await relay.api('POST', `${base}/messages`, { body: { text: 'too late' } }), 409, 'CONFAB_CONVERSATION_CLOSED');
    expectError(await relay.api('POST', `${base}/typing`, { body: { isTyping: true } }), 409, 'CONFAB_CONVERSATION_CLOSED');
    expect((await relay.api('POST', `${base}/typing`, { body: { isTyping: false } })).status).toBe(204);
    // Closing again is fine.
    expect((await relay.api<ConversationSummary>('POST', `${base}/close`, { headers: { 'content-type': 'application/json' }, body: '' })).body.status).toBe('closed');
    const page = await relay.api<TranscriptPage>('GET', `${base}/messages`);
    expect(page.body.messages.map((m) => m.text)).toEqual(['hi']);
  });

  it('moves the agents read position forward only, capped at the last message', async () => {
    const relay = await relayWith();
    const visitor = await conversationWith(relay, 'a', 'b', 'c');
    const base = `/v1/agent/conversations/${visitor.welcome.conversationId}`;
    await relay.api('POST', `${base}/read`, { body: { seq: 99 } });
    expect((await relay.api<ConversationSummary>('GET', base)).body).toMatchObject({ agentLastReadSeq: 3, unreadCount: 0 });
    await relay.api('POST', `${base}/read`, { body: { seq: 1 } });
    expect((await relay.api<ConversationSummary>('GET', base)).body.agentLastReadSeq).toBe(3);
    expect(await visitor.socket.waitFor('read')).toEqual({ type: 'read', seq: 3 });
  });
});

describe('agent API quick replies', () => {
  it('creates, lists, updates and deletes quick replies, telling every agent stream', async () => {
    const relay = await relayWith();
    const agent = await relay.agent();
    const created = await relay.api<QuickReply>('POST', '/v1/agent/quick-replies', { body: { shortcut: 'shipping', text: '我们 24 小时内发货。' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ shortcut: 'shipping', text: '我们 24 小时内发货。' });
    expect((await agent.waitFor('quick-replies')).quickReplies).toEqual([created.body]);
    await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'hello', text: 'Hello! How can I help?' } });
    await agent.waitFor('quick-replies');

    const list = await relay.api<{ quickReplies: QuickReply[] }>('GET', '/v1/agent/quick-replies');
    expect(list.body.quickReplies.map((q) => q.shortcut)).toEqual(['hello', 'shipping']);

    const updated = await relay.api<QuickReply>('PUT', `/v1/agent/quick-replies/${created.body.id}`, { body: { shortcut: 'ship', text: 'Ships today.' } });
    expect(updated).toMatchObject({ status: 200, body: { id: created.body.id, shortcut: 'ship', text: 'Ships today.' } });
    expect((await agent.waitFor('quick-replies')).quickReplies.map((q) => q.shortcut)).toEqual(['hello', 'ship']);

    expect((await relay.api('DELETE', `/v1/agent/quick-replies/${created.body.id}`)).status).toBe(204);
    expect((await agent.waitFor('quick-replies')).quickReplies.map((q) => q.shortcut)).toEqual(['hello']);
    expectError(await relay.api('DELETE', `/v1/agent/quick-replies/${created.body.id}`), 404, 'CONFAB_NOT_FOUND');
    expectError(await relay.api('PUT', `/v1/agent/quick-replies/${createId()}`, { body: { shortcut: 'x', text: 'y' } }), 404, 'CONFAB_NOT_FOUND');
  });

  it('refuses invalid and duplicate shortcuts', async () => {
    const relay = await relayWith();
    expectError(await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'has space', text: 'x' } }), 400, 'CONFAB_REQUEST_INVALID', 'shortcut');
    expectError(await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'ok' } }), 400, 'CONFAB_REQUEST_INVALID', 'text');
    expectError(await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'ok', text: 'nul\u0000' } }), 400, 'CONFAB_TEXT_INVALID');
    expect((await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'Price', text: 'It costs 129.00' } })).status).toBe(201);
    expectError(await relay.api('POST', '/v1/agent/quick-replies', { body: { shortcut: 'price', text: 'again' } }), 400, 'CONFAB_REQUEST_INVALID', 'already used');
  });
});

describe('relay HTTP errors', () => {
  it('answers unknown routes with 404 CONFAB_NOT_FOUND in the common error shape', async () => {
    const relay = await relayWith();
    expectError(await relay.api('GET', '/nope', { token: null }), 404, 'CONFAB_NOT_FOUND');
    expectError(await relay.api('GET', '/v1/agent/nope'), 404, 'CONFAB_NOT_FOUND');
  });
});
