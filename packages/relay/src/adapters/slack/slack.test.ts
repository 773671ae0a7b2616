import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ChatMessage, type PreChatForm } from '@confab/protocol';
import { fakeAttemptContext, fakeDelivery, FakeAdapterConversations, FakeAdapterState } from '../../test-support/fake-adapter-context.js';
import { eventually, startTestRelay, type TestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import type { RelayOptions } from '../../options.js';
import { OptionReader } from '../option-reader.js';
import { parseSlackConfig, SLACK_OPTIONS, type SlackAdapterOptions } from './slack-config.js';
import { signSlackRequest } from './slack-signature.js';
import { slack } from './slack.js';

const SIGNING_SECRET = 'b1e4c7d0a3f6e9b2c5d8a1f4e7b0c3d6';
const BOT_TOKEN = 'xoxb-1234-5678-confabtest';
const CHANNEL_ID = 'C0CONFAB';
const FORM: PreChatForm = { when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email' }, { key: 'order', label: 'Order number' }] };
const ANA = { userId: '42', name: 'Ana Lima', email: 'ana@example.com', isVerified: true };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** One answer of the fake Web API to a chat.postMessage call. */
interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: object;
  delayMs?: number;
}

interface SlackCall {
  method: string;
  headers: IncomingMessage['headers'];
  /** The JSON body of chat.postMessage, the form fields of users.info. */
  fields: Record<string, unknown>;
}

/**
 * The Slack Web API on a real loopback port: `chat.postMessage` answers with the next entry of
 * `script` (then ok, with a fresh ts in channel C0CONFAB), `users.info` knows U0MIA as "Mia",
 * `conversations.replies` and `conversations.history` list what was posted, with its metadata.
 * `posted` holds the messages it accepted, `calls` every call.
 */
async function fakeSlack(script: Scripted[] = []) {
  const calls: SlackCall[] = [];
  const posted: (SlackCall['fields'] & { ts: string })[] = [];
  let postCalls = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const method = request.url!.replace(/^\/api\//, '');
      const isForm = String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded');
      const fields = isForm ? Object.fromEntries(new URLSearchParams(raw)) : (JSON.parse(raw) as Record<string, unknown>);
      calls.push({ method, headers: request.headers, fields });
      const send = (status: number, body: object, headers: Record<string, string> = {}) => {
        if (!response.destroyed) response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };
      if (method === 'conversations.replies' || method === 'conversations.history') {
        // What the channel holds, metadata included as include_all_metadata asks: a thread's root and
        // replies, or the channel's roots.
        const isThread = method === 'conversations.replies';
        const messages = posted
          .filter((post) => (isThread ? post.ts === fields['ts'] || post['thread_ts'] === fields['ts'] : post['thread_ts'] === undefined))
          .map((post) => ({ type: 'message', ts: post.ts, text: post['text'], bot_id: 'B0CONFAB', metadata: post['metadata'] }));
        return send(200, { ok: true, messages, has_more: false });
      }
      if (method === 'users.info') {
        return send(200, fields['user'] === 'U0MIA' ? { ok: true, user: { id: 'U0MIA', name: 'mia.w', profile: { display_name: 'Mia' } } } : { ok: false, error: 'user_not_found' });
      }
      const answer = script[postCalls++] ?? {};
      const ts = `1765000000.${String(posted.length + 1).padStart(6, '0')}`;
      const body = answer.body ?? { ok: true, channel: CHANNEL_ID, ts, message: { type: 'message', text: fields['text'], bot_id: 'B0CONFAB', ts } };
      // Slack has the message whenever it says ok, even if the answer never reaches the relay.
      if ((body as { ok?: boolean }).ok && (answer.status ?? 200) === 200) posted.push({ ...fields, ts });
      setTimeout(() => send(answer.status ?? 200, body, answer.headers), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return { apiBaseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, calls, posted };
}

function slackConfig(apiBaseUrl: string, overrides: Partial<SlackAdapterOptions> = {}) {
  const entry = { type: 'slack', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channel: '#shop-support', apiBaseUrl, timeoutMs: 300, ...overrides };
  return parseSlackConfig(new OptionReader(entry, 'adapters[0]', SLACK_OPTIONS, '.'));
}

/** A relay with the slack adapter in front of a fresh fake Slack. */
async function relayWithSlack(options: { script?: Scripted[]; config?: Partial<SlackAdapterOptions>; relay?: Partial<RelayOptions> } = {}) {
  const desk = await fakeSlack(options.script);
  const relay = await startTestRelay({ customAdapters: [slack(slackConfig(desk.apiBaseUrl, options.config))], routing: { chain: ['slack'] }, ...options.relay });
  cleanups.push(() => relay.close());
  return { desk, relay };
}

/** POSTs to the adapter's Events API endpoint as Slack does: signed with `secret` at `timestamp`. */
function postEvent(relay: TestRelay, payload: object, options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify(payload);
  const signed = signSlackRequest({ secret: options.secret ?? SIGNING_SECRET, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000), body });
  return fetch(`${relay.baseUrl}/v1/adapters/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signed, ...options.headers },
    body,
  });
}

/** An `event_callback` of a `message` event, as the Events API wraps it. */
function messageEvent(eventId: string, event: Record<string, unknown>) {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0SHOP',
    api_app_id: 'A0CONFAB',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1765000100,
    event: { type: 'message', channel: CHANNEL_ID, channel_type: 'channel', event_ts: event['ts'], ...event },
  };
}

/** A person's reply in the thread rooted at `threadTs`. */
function threadReply(eventId: string, threadTs: string, ts: string, text: string, extra: Record<string, unknown> = {}) {
  return messageEvent(eventId, { user: 'U0MIA', text, ts, thread_ts: threadTs, ...extra });
}

async function transcript(relay: TestRelay, conversationId: string): Promise<ChatMessage[]> {
  return (await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${conversationId}/messages`)).body.messages;
}

/** A relay with one conversation whose thread exists; `root` is the thread's ts. */
async function conversationWithThread(options: { config?: Partial<SlackAdapterOptions> } = {}) {
  const { desk, relay } = await relayWithSlack(options);
  const visitor = await relay.visitor();
  await sendMessage(visitor, createId(), 'Is the kettle in stock?');
  await eventually('the root message in Slack', () => desk.posted.length === 1);
  return { desk, relay, visitor, conversationId: visitor.welcome.conversationId, root: desk.posted[0]!.ts };
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('slack adapter in the relay', () => {
  it('answers the url_verification challenge, and refuses unsigned, forged and stale requests', async () => {
    const { relay } = await relayWithSlack();
    const challenge = { token: 'deprecated', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' };
    const verified = await postEvent(relay, challenge);
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ challenge: challenge.challenge });

    const forged = await postEvent(relay, challenge, { secret: 'not-the-signing-secret' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'CONFAB_SIGNATURE_INVALID' });
    const stale = await postEvent(relay, challenge, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toContain('may be a replay');
    const unsigned = await fetch(`${relay.baseUrl}/v1/adapters/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(challenge) });
    expect(unsigned.status).toBe(401);
    const notJson = await fetch(`${relay.baseUrl}/v1/adapters/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signSlackRequest({ secret: SIGNING_SECRET, timestamp: Math.floor(Date.now() / 1000), body: '{"type":' }) },
      body: '{"type":',
    });
    expect(notJson.status).toBe(400);
  });

  it("opens one thread per conversation with the shopper's page, product and first message, and posts later messages in it", async () => {
    const { desk, relay } = await relayWithSlack();
    const context = { url: 'https://shop.example/kettle', title: 'Kettle <Pro> & more', product: { name: 'Kettle Pro', sku: 'KP-1', price: '129.00', currency: 'EUR', availability: 'InStock' }, locale: 'zh-CN' };
    const first = await relay.visitor({ context });
    const second = await relay.visitor();
    await sendMessage(first, createId(), '有货吗? Is it <in stock>?');
    await eventually('the first root', () => desk.posted.length === 1);
    await sendMessage(second, createId(), 'Do you ship to Taipei?');
    await eventually('the second root', () => desk.posted.length === 2);
    await sendMessage(first, createId(), 'And in red?');
    await sendMessage(second, createId(), 'How long does it take?');
    await eventually('the thread replies', () => desk.posted.length === 4);

    const [rootA, rootB, replyA, replyB] = desk.posted;
    expect(desk.calls[0]!.headers['authorization']).toBe(`Bearer ${BOT_TOKEN}`);
    expect(rootA).toMatchObject({ channel: 'shop-support' });
    expect(rootA!.thread_ts).toBeUndefined();
    expect(rootA!.text).toContain('*New conversation* from a shopper');
    expect(rootA!.text).toContain('*Page:* <https://shop.example/kettle|Kettle &lt;Pro&gt; &amp; more>');
    expect(rootA!.text).toContain('*Product:* Kettle Pro · SKU KP-1 · 129.00 EUR · InStock');
    expect(rootA!.text).toContain('*Locale:* zh-CN');
    expect(rootA!.text).toContain('> *Shopper:* 有货吗? Is it &lt;in stock&gt;?');
    expect(rootA!.text).toContain(first.welcome.conversationId);
    expect(rootB!.thread_ts).toBeUndefined();
    expect(rootB!.text).toContain('Do you ship to Taipei?');
    // Later messages go in their own conversation's thread, addressed by the channel's id.
    expect(replyA).toMatchObject({ channel: CHANNEL_ID, thread_ts: rootA!.ts, text: '*Shopper:* And in red?' });
    expect(replyB).toMatchObject({ channel: CHANNEL_ID, thread_ts: rootB!.ts, text: '*Shopper:* How long does it take?' });
    await quiet();
    expect(desk.posted).toHaveLength(4);
  });

  it("shows a person's thread reply to the shopper once, however often and in whatever order Slack delivers it", async () => {
    const { relay, visitor, conversationId, root } = await conversationWithThread({ config: { resolveNames: true } });
    const later = threadReply('Ev0B', root, '1765000200.000200', 'It ships &amp; arrives in 2 days: <https://shop.example/shipping|shipping>');
    const earlier = threadReply('Ev0A', root, '1765000100.000100', 'Yes, we have 3 left.');
    // Events arrive out of order: the later reply first.
    expect((await postEvent(relay, later)).status).toBe(200);
    expect((await postEvent(relay, earlier)).status).toBe(200);
    // Slack retries both (no answer within 3 s, it thought), and sends one again under a new event id.
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await postEvent(relay, later, { headers: retry })).status).toBe(200);
    expect((await postEvent(relay, earlier, { headers: retry })).status).toBe(200);
    expect((await postEvent(relay, { ...earlier, event_id: 'Ev0A-again' })).status).toBe(200);

    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'agent');
    expect(shown.message).toMatchObject({ text: 'It ships & arrives in 2 days: shipping (https://shop.example/shipping)', author: { role: 'agent', name: 'Mia' } });
    await quiet();
    const agentMessages = (await transcript(relay, conversationId)).filter((message) => message.author.role === 'agent');
    // In the order they reached the relay, each once.
    expect(agentMessages.map((message) => message.text)).toEqual(['It ships & arrives in 2 days: shipping (https://shop.example/shipping)', 'Yes, we have 3 left.']);
    expect(visitor.socket.received.filter((frame) => frame.type === 'message' && frame.message.author.role === 'agent')).toHaveLength(2);
  });

  it("drops the bot's own posts, internal notes, edits, and messages outside the conversations' threads", async () => {
    const { desk, relay, visitor, conversationId, root } = await conversationWithThread();
    const dropped = [
      // The echo of the root the relay posted, and of a thread reply it posted.
      messageEvent('Ev10', { bot_id: 'B0CONFAB', app_id: 'A0CONFAB', text: 'New conversation', ts: root }),
      messageEvent('Ev11', { bot_id: 'B0CONFAB', user: 'U0BOT', text: '*Shopper:* Is the kettle in stock?', ts: '1765000300.000300', thread_ts: root }),
      messageEvent('Ev12', { subtype: 'bot_message', bot_id: 'B0OTHER', text: 'Deploy finished', ts: '1765000301.000301', thread_ts: root }),
      threadReply('Ev13', root, '1765000302.000302', '// she ordered the wrong size last time, be careful'),
      threadReply('Ev14', root, '1765000303.000303', '  //check the warehouse first'),
      messageEvent('Ev15', { subtype: 'message_changed', message: { text: 'edited' }, ts: '1765000304.000304', thread_ts: root }),
      threadReply('Ev16', '1765000000.999999', '1765000305.000305', 'A reply in some other thread'),
      messageEvent('Ev17', { user: 'U0MIA', text: 'Lunch, anyone?', ts: '1765000306.000306' }),
      threadReply('Ev18', root, '1765000307.000307', 'A reply from another channel', { channel: 'C0OTHER' }),
    ];
    for (const event of dropped) expect((await postEvent(relay, event)).status).toBe(200);
    expect((await postEvent(relay, threadReply('Ev19', root, '1765000308.000308', 'Yes, it is in stock.'))).status).toBe(200);
    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'agent');
    // No name without resolveNames: the widget shows its default agent label.
    expect(shown.message).toMatchObject({ text: 'Yes, it is in stock.', author: { role: 'agent' } });
    expect(shown.message.author.name).toBeUndefined();
    await quiet();
    expect((await transcript(relay, conversationId)).map((message) => message.text)).toEqual(['Is the kettle in stock?', 'Yes, it is in stock.']);
    // The reply took the conversation over; nothing was echoed back into Slack.
    expect(desk.posted).toHaveLength(1);
  });

  it('tells the agents in the thread when a reply cannot reach the shopper because the conversation is closed', async () => {
    const { desk, relay, conversationId, root } = await conversationWithThread();
    expect((await relay.api('POST', `/v1/agent/conversations/${conversationId}/close`)).status).toBe(200);
    await eventually('the close in the thread', () => desk.posted.length === 2);
    expect(desk.posted[1]).toMatchObject({ thread_ts: root, text: ':lock: The conversation was closed.' });
    expect((await postEvent(relay, threadReply('Ev20', root, '1765000400.000400', 'Anything else?'))).status).toBe(200);
    await eventually('the notice in the thread', () => desk.posted.length === 3);
    expect(desk.posted[2]).toMatchObject({ thread_ts: root, text: expect.stringContaining('Not shown to the shopper: the conversation is closed') });
  });

  it('shows who the shopper is and their pre-chat answers in the root when known before the first message, then as notes in the thread', async () => {
    const { desk, relay } = await relayWithSlack({ relay: { preChat: FORM } });
    const visitor = await relay.visitor();
    // Without an identitySecret the relay keeps the identity as the shop's unverified claim.
    visitor.socket.send({ type: 'identify', requestId: 'who-1', userId: '42', name: 'Ana Lima', email: 'ana@example.com' });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-1');
    visitor.socket.send({ type: 'profile', requestId: 'form-1', fields: { name: 'Ana & Bo', order: '<A-1042>' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-1');
    await sendMessage(visitor, createId(), 'Where is my order?');
    await eventually('the root message in Slack', () => desk.posted.length === 1);
    const root = String(desk.posted[0]!.text).split('\n');
    expect(root.slice(0, 3)).toEqual([
      ':speech_balloon: *New conversation* from a shopper',
      '*Shopper identified:* Ana Lima &lt;ana@example.com&gt; (user 42, unverified)',
      '*Pre-chat answers:* name: Ana &amp; Bo, order: &lt;A-1042&gt;',
    ]);
    await quiet();
    expect(desk.posted).toHaveLength(1);

    // Later changes go in the thread, after the first message.
    visitor.socket.send({ type: 'identify', requestId: 'who-2', userId: '42', name: 'Ana Lima', email: 'ana.lima@example.com' });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-2');
    visitor.socket.send({ type: 'profile', requestId: 'form-2', fields: { name: 'Ana', order: 'A-2001' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-2');
    await eventually('the notes in the thread', () => desk.posted.length === 3);
    expect(desk.posted.slice(1).map((post) => [post.thread_ts, post.text])).toEqual([
      [desk.posted[0]!.ts, ':bust_in_silhouette: Shopper identified: Ana Lima &lt;ana.lima@example.com&gt; (user 42, unverified)'],
      [desk.posted[0]!.ts, ':clipboard: Pre-chat answers: name: Ana, order: A-2001'],
    ]);
  });

  it('keeps retrying a message through the outbox while Slack fails, and posts it once', async () => {
    const { desk, relay } = await relayWithSlack({ script: [{ status: 503, body: { ok: false } }, { status: 200, body: { ok: false, error: 'internal_error' } }] });
    const visitor = await relay.visitor();
    await sendMessage(visitor, createId(), 'Hello?');
    await eventually('the root after two failures', () => desk.posted.length === 1);
    expect(desk.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(3);
    expect(desk.posted[0]!.text).toContain('> *Shopper:* Hello?');
    await quiet();
    expect(desk.posted).toHaveLength(1);
  });
});

describe('slack adapter attempts', () => {
  function setup(script: Scripted[] = [], overrides: Partial<SlackAdapterOptions> = {}) {
    const conversations = new FakeAdapterConversations();
    conversations.add('conv-1');
    const state = new FakeAdapterState();
    return { conversations, state, context: fakeAttemptContext(conversations, { state }), script, overrides };
  }

  function visitorMessage(text: string) {
    return fakeDelivery('slack', {
      type: 'message',
      conversationId: 'conv-1',
      message: { id: createId(), seq: 1, author: { role: 'visitor' }, text, createdAt: 1 },
      context: {},
    });
  }

  it('classifies Slack failures: 5xx, timeouts, 429 and ratelimited are retried, a bad channel or token is refused', async () => {
    const script: Scripted[] = [
      { status: 502, body: { ok: false } },
      { delayMs: 1000 },
      { status: 429, headers: { 'retry-after': '30' }, body: { ok: false, error: 'ratelimited' } },
      { body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '2' } },
      { body: { ok: false, error: 'channel_not_found' } },
      { body: { ok: false, error: 'not_in_channel' } },
      { body: { ok: false, error: 'invalid_auth' } },
      { status: 403, body: { ok: false } },
    ];
    const desk = await fakeSlack(script);
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context } = setup();
    const outcomes = [];
    for (let i = 0; i < script.length; i++) outcomes.push(await adapter.attempt(visitorMessage('Hi'), context));
    expect(outcomes).toEqual([
      { kind: 'retry', reason: 'HTTP 502' },
      { kind: 'retry', reason: 'no answer from Slack within 300 ms' },
      { kind: 'retry', reason: 'HTTP 429', retryAfterMs: 30_000 },
      { kind: 'retry', reason: 'Slack error ratelimited', retryAfterMs: 2000 },
      { kind: 'rejected', reason: 'Slack error channel_not_found (check the channel option (a channel id such as C0123ABCD works best))' },
      { kind: 'rejected', reason: 'Slack error not_in_channel (invite the app to the channel (/invite @your-app))' },
      { kind: 'rejected', reason: 'Slack error invalid_auth (check botToken)' },
      { kind: 'rejected', reason: 'HTTP 403' },
    ]);
    await adapter.close?.();
  });

  it('posts a delivery once when it is attempted again, and opens the thread once', async () => {
    const desk = await fakeSlack();
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context, state } = setup();
    const first = visitorMessage('First');
    const second = visitorMessage('Second');
    // The relay retries a delivery whose outcome it did not record (a crash, a restart).
    expect(await adapter.attempt(first, context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(first, context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(second, context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(second, context)).toEqual({ kind: 'delivered' });
    expect(desk.posted.map((post) => [post.thread_ts, String(post.text).split('\n').find((line) => line.includes('First') || line.includes('Second'))])).toEqual([
      [undefined, '> *Shopper:* First'],
      [desk.posted[0]!.ts, '*Shopper:* Second'],
    ]);
    expect(JSON.parse(state.entries.get('thread:conv-1')!)).toEqual({ channel: CHANNEL_ID, ts: desk.posted[0]!.ts, deliveryId: first.deliveryId });
    expect(state.entries.get(`conversation:${CHANNEL_ID}:${desk.posted[0]!.ts}`)).toBe('conv-1');
  });

  it('retries a thread post slower than the timeout in the same thread', async () => {
    const desk = await fakeSlack([{}, { delayMs: 2500 }]);
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context } = setup();
    expect(await adapter.attempt(visitorMessage('First'), context)).toEqual({ kind: 'delivered' });
    const slow = visitorMessage('Second');
    const started = Date.now();
    expect(await adapter.attempt(slow, context)).toEqual({ kind: 'retry', reason: 'no answer from Slack within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await adapter.attempt(slow, context)).toEqual({ kind: 'delivered' });
    // Slack kept the slow post: the retry found it in the thread by its metadata and posted nothing.
    expect(desk.posted.map((post) => post.thread_ts)).toEqual([undefined, desk.posted[0]!.ts]);
    expect(desk.calls.map((call) => call.method)).toEqual(['chat.postMessage', 'chat.postMessage', 'conversations.replies']);
    expect(desk.posted[1]!['metadata']).toEqual({ event_type: 'confab_delivery', event_payload: { delivery_id: slow.deliveryId, conversation_id: 'conv-1' } });
  });

  it('opens the thread once when the answer to its root post was lost, finding the root in the channel', async () => {
    const desk = await fakeSlack([{ delayMs: 1000 }]);
    const adapter = slack(slackConfig(desk.apiBaseUrl, { channel: CHANNEL_ID }));
    const { context, state } = setup();
    const first = visitorMessage('First');
    expect(await adapter.attempt(first, context)).toEqual({ kind: 'retry', reason: 'no answer from Slack within 300 ms' });
    expect(await adapter.attempt(first, context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(visitorMessage('Second'), context)).toEqual({ kind: 'delivered' });
    expect(desk.posted.map((post) => post.thread_ts)).toEqual([undefined, desk.posted[0]!.ts]);
    expect(JSON.parse(state.entries.get('thread:conv-1')!)).toMatchObject({ channel: CHANNEL_ID, ts: desk.posted[0]!.ts });
  });

  it('posts again when Slack answered 5xx, as nothing was stored there', async () => {
    const desk = await fakeSlack([{}, { status: 503 }]);
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context } = setup();
    expect(await adapter.attempt(visitorMessage('First'), context)).toEqual({ kind: 'delivered' });
    const second = visitorMessage('Second');
    expect((await adapter.attempt(second, context)).kind).toBe('retry');
    expect(await adapter.attempt(second, context)).toEqual({ kind: 'delivered' });
    expect(desk.posted).toHaveLength(2);
  });

  it('opens the thread on a hand-over with the transcript so far, and leaves events without a thread alone', async () => {
    const desk = await fakeSlack();
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const conversations = new FakeAdapterConversations();
    conversations.add('conv-2', [
      { id: 'm1aaaaaaaa', seq: 1, author: { role: 'visitor', name: 'Lin' }, text: 'Where is order #1042?', createdAt: 1 },
      { id: 'm2aaaaaaaa', seq: 2, author: { role: 'bot', name: 'Shop assistant' }, text: 'I cannot see orders. Shall I get a person?', createdAt: 2 },
    ]);
    const context = fakeAttemptContext(conversations);
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'rating', conversationId: 'conv-2', score: 4 }), context)).toEqual({ kind: 'delivered' });
    expect(desk.posted).toHaveLength(0);
    const handover = fakeDelivery('slack', { type: 'handover', conversationId: 'conv-2', from: 'faq', reason: 'The shopper asked for a person', context: { locale: 'zh-TW' } });
    expect(await adapter.attempt(handover, context)).toEqual({ kind: 'delivered' });
    const root = String(desk.posted[0]!.text);
    expect(root).toContain('*New conversation* from Lin — handed over by faq: The shopper asked for a person');
    expect(root).toContain('> *Lin (shopper):* Where is order #1042?');
    expect(root).toContain('> *Shop assistant (bot):* I cannot see orders. Shall I get a person?');
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'rating', conversationId: 'conv-2', score: 4, comment: 'Quick!' }), context)).toEqual({ kind: 'delivered' });
    expect(desk.posted[1]).toMatchObject({ thread_ts: desk.posted[0]!.ts, text: ':star: Rated ★★★★☆ (4/5): Quick!' });
  });

  it('refuses bad options, naming the option and never the secret', () => {
    const attempts: [Record<string, unknown>, string][] = [
      [{ botToken: 'xoxp-user-token-secret' }, 'adapters[0].botToken is not a bot token'],
      [{ signingSecret: 'short' }, 'adapters[0].signingSecret is not a string of 8 to 255 characters'],
      [{ channel: 'shop support' }, 'adapters[0].channel "shop support" is not a channel id'],
      [{ apiBaseUrl: 'ftp://slack.example' }, 'adapters[0].apiBaseUrl "ftp://slack.example" is not an http(s) URL'],
      [{ threads: true }, 'adapters[0] has an unknown option "threads"'],
    ];
    for (const [overrides, says] of attempts) {
      const entry = { type: 'slack', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channel: 'C0CONFAB', ...overrides };
      let message = '';
      try {
        parseSlackConfig(new OptionReader(entry, 'adapters[0]', SLACK_OPTIONS, '.'));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain(says);
      expect(message).not.toContain('xoxp-user-token-secret');
      expect(message).not.toContain(SIGNING_SECRET);
    }
    expect(parseSlackConfig(new OptionReader({ type: 'slack', botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channel: 'C0CONFAB' }, 'adapters[0]', SLACK_OPTIONS, '.'))).toEqual({
      type: 'slack',
      name: 'slack',
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      channel: 'C0CONFAB',
      apiBaseUrl: 'https://slack.com/api',
      timeoutMs: 10_000,
      internalPrefix: '//',
      resolveNames: false,
    });
  });

  it('posts who the shopper is and their answers in the thread, escaped, and nothing before the thread exists', async () => {
    const desk = await fakeSlack();
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context } = setup();
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: ANA }), context)).toEqual({ kind: 'delivered' });
    expect(desk.calls).toEqual([]);
    expect(await adapter.attempt(visitorMessage('Hi'), context)).toEqual({ kind: 'delivered' });
    const notes = [
      fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: ANA }),
      fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: { userId: '7', isVerified: false } }),
      fakeDelivery('slack', { type: 'profile', conversationId: 'conv-1', profile: { name: 'Ana', order: 'A-1042', note: 'a <b> & c' } }),
      fakeDelivery('slack', { type: 'profile', conversationId: 'conv-1', profile: {} }),
    ];
    for (const note of notes) expect(await adapter.attempt(note, context)).toEqual({ kind: 'delivered' });
    expect(desk.posted.slice(1).map((post) => [post.channel, post.thread_ts, post.text])).toEqual([
      [CHANNEL_ID, desk.posted[0]!.ts, ':bust_in_silhouette: Shopper identified: Ana Lima &lt;ana@example.com&gt; (user 42, verified)'],
      [CHANNEL_ID, desk.posted[0]!.ts, ':bust_in_silhouette: Shopper identified: user 7 (unverified)'],
      [CHANNEL_ID, desk.posted[0]!.ts, ':clipboard: Pre-chat answers: name: Ana, order: A-1042, note: a &lt;b&gt; &amp; c'],
    ]);
    expect(desk.posted[1]!['metadata']).toEqual({ event_type: 'confab_delivery', event_payload: { delivery_id: notes[0]!.deliveryId, conversation_id: 'conv-1' } });
  });

  it('does not repeat in the thread the identity and answers its root showed, but posts the next ones', async () => {
    const desk = await fakeSlack();
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context, conversations, state } = setup();
    const profile = { name: 'Ana', order: 'A-1042' };
    // Stored just after the first message: the root shows them, and their events come after it.
    conversations.knowShopper('conv-1', { identity: ANA, profile });
    expect(await adapter.attempt(visitorMessage('Hi'), context)).toEqual({ kind: 'delivered' });
    expect(String(desk.posted[0]!.text)).toContain('*Shopper identified:* Ana Lima &lt;ana@example.com&gt; (user 42, verified)\n*Pre-chat answers:* name: Ana, order: A-1042');
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'profile', conversationId: 'conv-1', profile }), context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: ANA }), context)).toEqual({ kind: 'delivered' });
    expect(desk.posted).toHaveLength(1);
    expect(state.entries.has('root-shopper:conv-1')).toBe(false);
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: { ...ANA, email: 'ana.lima@example.com' } }), context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(fakeDelivery('slack', { type: 'identity', conversationId: 'conv-1', identity: ANA }), context)).toEqual({ kind: 'delivered' });
    expect(desk.posted.slice(1).map((post) => post.text)).toEqual([
      ':bust_in_silhouette: Shopper identified: Ana Lima &lt;ana.lima@example.com&gt; (user 42, verified)',
      ':bust_in_silhouette: Shopper identified: Ana Lima &lt;ana@example.com&gt; (user 42, verified)',
    ]);
  });

  it('retries a note Slack failed to take, and posts it once', async () => {
    const desk = await fakeSlack([{}, { status: 503 }, { body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '3' } }]);
    const adapter = slack(slackConfig(desk.apiBaseUrl));
    const { context } = setup();
    expect(await adapter.attempt(visitorMessage('Hi'), context)).toEqual({ kind: 'delivered' });
    const note = fakeDelivery('slack', { type: 'profile', conversationId: 'conv-1', profile: { order: 'A-1042' } });
    expect(await adapter.attempt(note, context)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
    expect(await adapter.attempt(note, context)).toEqual({ kind: 'retry', reason: 'Slack error ratelimited', retryAfterMs: 3000 });
    expect(await adapter.attempt(note, context)).toEqual({ kind: 'delivered' });
    expect(await adapter.attempt(note, context)).toEqual({ kind: 'delivered' });
    expect(desk.posted.map((post) => post.text).slice(1)).toEqual([':clipboard: Pre-chat answers: order: A-1042']);
  });
});
