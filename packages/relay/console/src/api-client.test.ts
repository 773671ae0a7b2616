import { ConfabError } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import { AgentApiClient, AgentApiError, isAuthError } from './api-client.js';
import { conversation, message, quickReply } from './test-support/fixtures.js';

interface Call {
  url: URL;
  init: RequestInit;
}

function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const call = { url: new URL(String(input)), init };
    calls.push(call);
    return answer(call);
  };
  return { fetch, calls };
}

const json = (status: number, body?: unknown) =>
  body === undefined ? new Response(null, { status }) : new Response(JSON.stringify(body), { status });

function client(answer: (call: Call) => Response | Promise<Response>) {
  const fake = fakeFetch(answer);
  const api = new AgentApiClient({ token: 'secret-token', baseUrl: 'https://relay.example/', fetch: fake.fetch });
  return { api, calls: fake.calls };
}

describe('AgentApiClient', () => {
  it('sends the agent token as a bearer header on every request', async () => {
    const { api, calls } = client(() => json(200, { conversations: [], hasMore: false }));
    await api.listConversations();
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get('authorization')).toBe('Bearer secret-token');
    expect(calls[0]!.init.credentials).toBe('omit');
  });

  it('lists conversations with status, limit and before as query parameters', async () => {
    const summary = conversation({ unreadCount: 2 });
    const { api, calls } = client(() => json(200, { conversations: [summary], hasMore: true }));
    const page = await api.listConversations({ status: 'closed', limit: 25, before: 1_763_800_000_000 });
    expect(calls[0]!.url.pathname).toBe('/v1/agent/conversations');
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ status: 'closed', limit: '25', before: '1763800000000' });
    expect(page).toEqual({ conversations: [summary], hasMore: true });
  });

  it('leaves out paging parameters that were not given', async () => {
    const { api, calls } = client(() => json(200, { messages: [], hasMore: false }));
    await api.listMessages('conv_0000001');
    expect(calls[0]!.url.search).toBe('');
  });

  it('pages a transcript by seq with before, after and limit', async () => {
    const messages = [message(3), message(4)];
    const { api, calls } = client(() => json(200, { messages, hasMore: true }));
    const page = await api.listMessages('conv/with space', { before: 5, limit: 2 });
    expect(calls[0]!.url.pathname).toBe('/v1/agent/conversations/conv%2Fwith%20space/messages');
    expect(calls[0]!.url.searchParams.get('before')).toBe('5');
    expect(calls[0]!.url.searchParams.get('limit')).toBe('2');
    expect(page.messages.map((m) => m.seq)).toEqual([3, 4]);
    await api.listMessages('conv_0000001', { after: 9 });
    expect(calls[1]!.url.searchParams.get('after')).toBe('9');
  });

  it('posts a reply with its idempotency id and author name as JSON', async () => {
    const stored = message(7, { author: { role: 'agent', name: 'Mei' }, text: 'Hello' });
    const { api, calls } = client(() => json(201, stored));
    const result = await api.sendMessage('conv_0000001', { text: 'Hello', id: stored.id, authorName: 'Mei' });
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ text: 'Hello', id: stored.id, authorName: 'Mei' });
    expect(result).toEqual(stored);
  });

  it('posts typing and read, accepting 204 with no body', async () => {
    const { api, calls } = client(() => json(204));
    await expect(api.setTyping('conv_0000001', true, 'Mei')).resolves.toBeUndefined();
    await expect(api.markRead('conv_0000001', 12)).resolves.toBeUndefined();
    expect(calls.map((c) => [c.url.pathname, JSON.parse(c.init.body as string)])).toEqual([
      ['/v1/agent/conversations/conv_0000001/typing', { isTyping: true, authorName: 'Mei' }],
      ['/v1/agent/conversations/conv_0000001/read', { seq: 12 }],
    ]);
  });

  it('closes a conversation without a body or JSON content type', async () => {
    const closed = conversation({ status: 'closed' });
    const { api, calls } = client(() => json(200, closed));
    await expect(api.closeConversation(closed.id)).resolves.toEqual(closed);
    expect(calls[0]!.init.body).toBeUndefined();
    expect(new Headers(calls[0]!.init.headers).has('content-type')).toBe(false);
  });

  it('reads quick replies whether the list comes bare or wrapped', async () => {
    const replies = [quickReply('shipping', 'We ship tomorrow.')];
    const wrapped = client(() => json(200, { quickReplies: replies }));
    await expect(wrapped.api.listQuickReplies()).resolves.toEqual(replies);
    const bare = client(() => json(200, replies));
    await expect(bare.api.listQuickReplies()).resolves.toEqual(replies);
  });

  it('creates, updates and deletes quick replies at their endpoints', async () => {
    const reply = quickReply('hi', 'Hello!');
    const { api, calls } = client((call) => (call.init.method === 'DELETE' ? json(204) : json(200, reply)));
    await api.createQuickReply({ shortcut: 'hi', text: 'Hello!' });
    await api.updateQuickReply(reply.id, { shortcut: 'hi', text: 'Hello!' });
    await api.deleteQuickReply(reply.id);
    expect(calls.map((c) => `${c.init.method} ${c.url.pathname}`)).toEqual([
      'POST /v1/agent/quick-replies',
      `PUT /v1/agent/quick-replies/${reply.id}`,
      `DELETE /v1/agent/quick-replies/${reply.id}`,
    ]);
  });

  it('throws a ConfabError with the code from the error body', async () => {
    const { api } = client(() =>
      json(409, { statusCode: 409, code: 'CONFAB_TEXT_TOO_LONG', error: 'Conflict', message: 'Text is 4120 characters long' }),
    );
    const error = await api.sendMessage('conv_0000001', { text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfabError);
    expect(error).toMatchObject({ code: 'CONFAB_TEXT_TOO_LONG', status: 409, message: 'Text is 4120 characters long' });
  });

  it.each([
    [400, 'CONFAB_REQUEST_INVALID'],
    [401, 'CONFAB_AUTH_REJECTED'],
    [404, 'CONFAB_NOT_FOUND'],
    [429, 'CONFAB_RATE_LIMITED'],
    [503, 'CONFAB_SHUTTING_DOWN'],
    [500, 'CONFAB_INTERNAL'],
  ] as const)('maps HTTP %i without a known code to %s', async (status, code) => {
    const { api } = client(() => new Response('<html>Bad gateway</html>', { status }));
    await expect(api.getConversation('conv_0000001')).rejects.toMatchObject({ code, status });
  });

  it('maps an unknown code in the body by its status', async () => {
    const { api } = client(() => json(400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'body/seq must be integer' }));
    await expect(api.markRead('conv_0000001', 1)).rejects.toMatchObject({ code: 'CONFAB_REQUEST_INVALID', message: 'body/seq must be integer' });
  });

  it('recognises a refused token', async () => {
    const { api } = client(() => json(401, { statusCode: 401, code: 'CONFAB_AUTH_REJECTED', error: 'Unauthorized', message: 'no' }));
    const error = await api.listQuickReplies().catch((e: unknown) => e);
    expect(isAuthError(error)).toBe(true);
    expect(isAuthError(new ConfabError('CONFAB_NOT_FOUND', 'x'))).toBe(false);
  });

  it('reports an unreachable relay as CONFAB_NOT_CONNECTED', async () => {
    const { api } = client(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.listConversations()).rejects.toMatchObject({ code: 'CONFAB_NOT_CONNECTED', status: 0 });
  });

  it('gives up after the timeout with CONFAB_TIMEOUT', async () => {
    const fetch: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const api = new AgentApiClient({ token: 't', baseUrl: 'https://relay.example', fetch, timeoutMs: 20 });
    await expect(api.listConversations()).rejects.toMatchObject({ code: 'CONFAB_TIMEOUT' });
  });

  it('refuses a response that does not match the contract, naming the field', async () => {
    const { api } = client(() => json(200, { conversations: [{ id: 'conv_0000001' }], hasMore: false }));
    const error = await api.listConversations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({ code: 'CONFAB_FRAME_INVALID' });
    expect((error as Error).message).toContain('conversations[0].status');
  });

  it('lists dead deliveries and replays one by its id', async () => {
    const delivery = {
      deliveryId: 'dlv_0000000001',
      adapter: 'webhook',
      conversationId: 'conv_00000001',
      event: { type: 'message', conversationId: 'conv_00000001', message: { id: 'msg_00000001', seq: 1, text: 'Hi', author: { role: 'visitor' }, createdAt: 1 } },
      state: 'dead',
      attempts: 1,
      nextAttemptAt: 5,
      lastError: 'HTTP 400',
      createdAt: 1,
    };
    const { api, calls } = client((call) => json(200, call.init.method === 'POST' ? { ...delivery, state: 'pending', attempts: 0 } : { deliveries: [delivery] }));
    const listed = await api.listDeadDeliveries(20);
    expect(listed).toEqual([{ ...delivery, event: { type: 'message', message: { text: 'Hi' } } }]);
    expect(calls[0]!.url.pathname).toBe('/v1/agent/deliveries');
    expect(Object.fromEntries(calls[0]!.url.searchParams)).toEqual({ state: 'dead', limit: '20' });
    const replayed = await api.replayDelivery('dlv_0000000001');
    expect(replayed).toMatchObject({ state: 'pending', attempts: 0 });
    expect(calls[1]!.init.method).toBe('POST');
    expect(calls[1]!.url.pathname).toBe('/v1/agent/deliveries/dlv_0000000001/replay');
  });

  it('uploads a file as raw bytes with the agent token, naming the conversation and the file', async () => {
    const attachment = { id: 'up_0000000000001', name: '退货 label.png', type: 'image/png', size: 4, url: '/v1/uploads/up_0000000000001/label.png', width: 3, height: 2 };
    const { api, calls } = client(() => json(201, attachment));
    const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    await expect(api.uploadFile('conv_0000001', file, '退货 label.png')).resolves.toEqual(attachment);
    const call = calls[0]!;
    expect([call.init.method, call.url.pathname]).toEqual(['POST', '/v1/uploads']);
    expect(Object.fromEntries(call.url.searchParams)).toEqual({ conversationId: 'conv_0000001', name: '退货 label.png' });
    const headers = new Headers(call.init.headers);
    expect(headers.get('authorization')).toBe('Bearer secret-token');
    expect(headers.get('content-type')).toBe('application/octet-stream');
    expect(call.init.body).toBe(file);
  });

  it('rejects a refused upload with the relay’s code and status', async () => {
    const { api } = client(() => json(413, { statusCode: 413, code: 'CONFAB_UPLOAD_TOO_LARGE', error: 'Payload Too Large', message: 'over 10 MiB' }));
    const error = await api.uploadFile('conv_0000001', new Blob(['x']), 'big.bin').catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(AgentApiError);
    expect(error).toMatchObject({ code: 'CONFAB_UPLOAD_TOO_LARGE', status: 413, message: 'over 10 MiB' });
  });

  it('posts a reply naming its uploads', async () => {
    const { api, calls } = client(() => json(201, message(2, { text: '', author: { role: 'agent' } })));
    await api.sendMessage('conv_0000001', { text: '', id: 'reply_000000001', attachments: ['up_0000000000001'] });
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ text: '', id: 'reply_000000001', attachments: ['up_0000000000001'] });
  });
});
