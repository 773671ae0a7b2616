import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '@confab/protocol';
import { FakeAdapterConversations, FakeAdapterState, fakeAttemptContext, fakeDelivery } from '../../test-support/fake-adapter-context.js';
import type { AdapterDelivery } from '../adapter.js';
import type { AdapterEvent } from '../adapter-events.js';
import { chatwootApi } from './chatwoot-api.js';
import { chatwootDelivery } from './chatwoot-delivery.js';
import { FakeChatwoot } from './fake-chatwoot-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp(options: { timeoutMs?: number } = {}) {
  const desk = await FakeChatwoot.start();
  cleanups.push(() => desk.close());
  const api = chatwootApi({ baseUrl: desk.baseUrl, apiAccessToken: desk.token, accountId: desk.accountId, timeoutMs: options.timeoutMs ?? 2000 });
  const attempt = chatwootDelivery({ accountId: desk.accountId, inboxId: desk.inboxId, api });
  const conversations = new FakeAdapterConversations();
  const state = new FakeAdapterState();
  const context = fakeAttemptContext(conversations, { state });
  return { desk, attempt: (delivery: AdapterDelivery) => attempt(delivery, context), conversations, state };
}

function visitorMessage(conversationId: string, text: string, seq = 1): AdapterEvent {
  const message: ChatMessage = { id: `m-${conversationId}-${seq}`, seq, author: { role: 'visitor' }, text, createdAt: Date.now() };
  return { type: 'message', conversationId, message, context: { locale: 'zh-TW', custom: { name: 'Lin Mei', email: 'mei@shop.example' } } };
}

const MESSAGES = /^\/conversations\/\d+\/messages$/;
const CONTACT = /^\/contacts\/\d+$/;

const ANA = { userId: '42', name: 'Ana Lima', email: 'ana@example.com', isVerified: true };

describe('chatwootDelivery', () => {
  it('creates the contact and conversation once per Confab conversation, and posts shopper messages as incoming', async () => {
    const { desk, attempt } = await setUp();
    const started: AdapterEvent = { type: 'conversation-started', conversationId: 'conv-a', context: { locale: 'zh-TW', custom: { name: 'Lin Mei', email: 'mei@shop.example' } } };
    expect(await attempt(fakeDelivery('chatwoot', started))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', '有 M 號嗎？', 1)))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Size M?', 2)))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', visitorMessage('conv-b', 'Hello', 1)))).toEqual({ kind: 'delivered' });

    // One contact each; the second shopper's email was taken (same custom context), so it was made again without it.
    expect(desk.requestsTo('POST', /^\/contacts$/).map((request) => [request.body?.['identifier'], request.body?.['email']])).toEqual([
      ['confab:conv-a', 'mei@shop.example'],
      ['confab:conv-b', 'mei@shop.example'],
      ['confab:conv-b', undefined],
    ]);
    expect(desk.requestsTo('POST', /^\/conversations$/)).toHaveLength(2);
    expect(desk.requests.every((request) => request.token === desk.token)).toBe(true);
    expect(desk.contacts[0]).toMatchObject({ name: 'Lin Mei', email: 'mei@shop.example', identifier: 'confab:conv-a' });
    expect(desk.contacts[1]).toMatchObject({ identifier: 'confab:conv-b', email: null });
    const [first, second] = desk.conversations;
    expect(first).toMatchObject({ inbox_id: desk.inboxId, custom_attributes: { confab_conversation_id: 'conv-a', locale: 'zh-TW' } });
    expect(desk.messagesOf(first!.id).map((message) => [message.content, message.message_type, message.private])).toEqual([
      ['有 M 號嗎？', 0, false],
      ['Size M?', 0, false],
    ]);
    expect(desk.messagesOf(second!.id).map((message) => message.content)).toEqual(['Hello']);
  });

  it('posts a message once when the same delivery is attempted again', async () => {
    const { desk, attempt } = await setUp();
    const delivery = fakeDelivery('chatwoot', visitorMessage('conv-a', 'Is it in stock?'));
    expect(await attempt(delivery)).toEqual({ kind: 'delivered' });
    expect(await attempt({ ...delivery, attempts: 1 })).toEqual({ kind: 'delivered' });
    expect(desk.messages.map((message) => message.content)).toEqual(['Is it in stock?']);
    expect(desk.messages[0]).toMatchObject({ source_id: `confab-${delivery.deliveryId}` });
  });

  it('retries an answer slower than the timeout, and does not post again when Chatwoot had made the message', async () => {
    const { desk, attempt } = await setUp({ timeoutMs: 200 });
    await attempt(fakeDelivery('chatwoot', { type: 'conversation-started', conversationId: 'conv-a', context: {} }));
    // Chatwoot stores the message but its answer comes too late: the attempt cannot know it worked.
    desk.fail({ route: MESSAGES, method: 'POST', delayMs: 600, commitFirst: true });
    const delivery = fakeDelivery('chatwoot', visitorMessage('conv-a', 'Do you ship to Osaka?'));
    const started = Date.now();
    const outcome = await attempt(delivery);
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect(outcome.kind === 'retry' && outcome.reason).toMatch(/did not answer POST \/api\/v1\/accounts\/1\/conversations\/\d+\/messages within 200 ms/);
    expect(Date.now() - started).toBeLessThan(550);
    expect(await attempt({ ...delivery, attempts: 1 })).toEqual({ kind: 'delivered' });
    expect(desk.messages.filter((message) => message.message_type === 0).map((message) => message.content)).toEqual(['Do you ship to Osaka?']);
    expect(desk.requestsTo('POST', MESSAGES)).toHaveLength(1);
  });

  it('retries 5xx until Chatwoot takes the message, then posts it once', async () => {
    const { desk, attempt } = await setUp();
    desk.fail({ route: MESSAGES, method: 'POST', status: 502 });
    desk.fail({ route: MESSAGES, method: 'POST', status: 503 });
    const delivery = fakeDelivery('chatwoot', visitorMessage('conv-a', 'Where is my order #1042?'));
    const first = await attempt(delivery);
    expect(first).toMatchObject({ kind: 'retry' });
    expect(first.kind === 'retry' && first.reason).toMatch(/^Chatwoot answered POST \/api\/v1\/accounts\/1\/conversations\/\d+\/messages with HTTP 502: scripted failure$/);
    expect(await attempt({ ...delivery, attempts: 1 })).toMatchObject({ kind: 'retry' });
    expect(await attempt({ ...delivery, attempts: 2 })).toEqual({ kind: 'delivered' });
    expect(desk.messages.map((message) => message.content)).toEqual(['Where is my order #1042?']);
    expect(desk.contacts).toHaveLength(1);
    expect(desk.conversations).toHaveLength(1);
  });

  it("honours a 429's Retry-After and refuses other 4xx for good", async () => {
    const { desk, attempt } = await setUp();
    desk.fail({ route: /^\/contacts$/, method: 'POST', status: 429, headers: { 'retry-after': '7' } });
    const delivery = fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hi'));
    const limited = await attempt(delivery);
    expect(limited).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
    expect(limited.kind === 'retry' && limited.reason).toContain('HTTP 429');
    expect(await attempt({ ...delivery, attempts: 1 })).toEqual({ kind: 'delivered' });

    desk.fail({ route: MESSAGES, method: 'POST', status: 404 });
    const gone = await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Still there?', 2)));
    expect(gone).toMatchObject({ kind: 'rejected' });
    expect(gone.kind === 'rejected' && gone.reason).toContain('check baseUrl, accountId and inboxId');
    desk.fail({ route: MESSAGES, method: 'POST', status: 422 });
    expect(await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hello?', 3)))).toMatchObject({ kind: 'rejected' });
  });

  it('is refused with a hint when the access token is wrong, never quoting it', async () => {
    const { desk } = await setUp();
    const api = chatwootApi({ baseUrl: desk.baseUrl, apiAccessToken: 'wrong-token-987654', accountId: desk.accountId, timeoutMs: 2000 });
    const attempt = chatwootDelivery({ accountId: desk.accountId, inboxId: desk.inboxId, api });
    const outcome = await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hi')), fakeAttemptContext(new FakeAdapterConversations()));
    expect(outcome).toMatchObject({ kind: 'rejected' });
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('HTTP 401');
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('check apiAccessToken');
    expect(JSON.stringify(outcome)).not.toContain('wrong-token-987654');
  });

  it('finds the contact an attempt created before its answer was lost, instead of failing on the taken identifier', async () => {
    const { desk, attempt } = await setUp({ timeoutMs: 200 });
    desk.fail({ route: /^\/contacts$/, method: 'POST', delayMs: 500, commitFirst: true });
    const delivery = fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hi there'));
    expect(await attempt(delivery)).toMatchObject({ kind: 'retry' });
    expect(await attempt({ ...delivery, attempts: 1 })).toEqual({ kind: 'delivered' });
    expect(desk.contacts).toHaveLength(1);
    expect(desk.conversations).toHaveLength(1);
    expect(desk.messages.map((message) => message.content)).toEqual(['Hi there']);
  });

  it('resolves and reopens the Chatwoot conversation, and keeps other events as private notes', async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a', [{ id: 'm1', seq: 1, author: { role: 'visitor' }, text: 'Is the blue one back?', createdAt: 1 }]);
    await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Is the blue one back?')));
    const bot: AdapterEvent = { type: 'message', conversationId: 'conv-a', message: { id: 'b1', seq: 2, author: { role: 'bot', name: 'Shop assistant' }, text: 'Next week.', createdAt: 2 }, context: {} };
    expect(await attempt(fakeDelivery('chatwoot', bot))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', { type: 'rating', conversationId: 'conv-a', score: 4 }))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', { type: 'status', conversationId: 'conv-a', status: 'closed' }))).toEqual({ kind: 'delivered' });
    expect(desk.conversations[0]!.status).toBe('resolved');
    expect(await attempt(fakeDelivery('chatwoot', { type: 'status', conversationId: 'conv-a', status: 'open' }))).toEqual({ kind: 'delivered' });
    expect(desk.conversations[0]!.status).toBe('open');
    const notes = desk.messages.filter((message) => message.private).map((message) => message.content);
    expect(notes).toEqual(['Shop assistant (bot) replied: Next week.', 'The shopper rated this conversation 4/5 ★★★★☆']);
    // A status for a conversation that never reached Chatwoot has nothing to change.
    expect(await attempt(fakeDelivery('chatwoot', { type: 'status', conversationId: 'conv-z', status: 'closed' }))).toEqual({ kind: 'delivered' });
  });

  it("updates the contact with a verified identity's name and email, and keeps an unverified one to custom attributes", async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a');
    await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Where is my order?')));
    const unverified: AdapterEvent = { type: 'identity', conversationId: 'conv-a', identity: { userId: '42', name: 'Eve', email: 'eve@example.com', isVerified: false } };
    expect(await attempt(fakeDelivery('chatwoot', unverified))).toEqual({ kind: 'delivered' });
    expect(desk.contacts[0]).toMatchObject({ name: 'Lin Mei', email: 'mei@shop.example' });
    expect(await attempt(fakeDelivery('chatwoot', { type: 'identity', conversationId: 'conv-a', identity: ANA }))).toEqual({ kind: 'delivered' });

    const contactId = desk.contacts[0]!.id;
    expect(desk.requestsTo('PUT', CONTACT).map((request) => [request.path, request.body])).toEqual([
      [`/contacts/${contactId}`, { custom_attributes: { confab_user_id: '42', confab_verified: false, confab_user_name: 'Eve', confab_user_email: 'eve@example.com' } }],
      [
        `/contacts/${contactId}`,
        { name: 'Ana Lima', email: 'ana@example.com', custom_attributes: { confab_user_id: '42', confab_verified: true, confab_user_name: 'Ana Lima', confab_user_email: 'ana@example.com' } },
      ],
    ]);
    expect(desk.contacts[0]).toMatchObject({ name: 'Ana Lima', email: 'ana@example.com', custom_attributes: { confab_conversation_id: 'conv-a', locale: 'zh-TW', confab_verified: true } });
    // Only the contact changed: no note, no message.
    expect(desk.messages.map((message) => message.content)).toEqual(['Where is my order?']);
  });

  it("sets the pre-chat answers as confab_ attributes, and the name and email from them unless a verified identity gave those", async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a');
    conversations.add('conv-b');
    await attempt(fakeDelivery('chatwoot', { type: 'conversation-started', conversationId: 'conv-a', context: {} }));
    await attempt(fakeDelivery('chatwoot', { type: 'conversation-started', conversationId: 'conv-b', context: {} }));
    const answers = { name: 'Ana', email: 'ana@example.com', order: 'A-1042' };
    expect(await attempt(fakeDelivery('chatwoot', { type: 'profile', conversationId: 'conv-a', profile: answers }))).toEqual({ kind: 'delivered' });
    conversations.knowShopper('conv-b', { identity: { userId: '7', name: 'Bo Chen', email: 'bo@example.com', isVerified: true } });
    // A field named like an identity attribute cannot pass for the shop's word.
    const typed = { name: 'Bob', email: 'bob@example.com', verified: 'yes' };
    expect(await attempt(fakeDelivery('chatwoot', { type: 'profile', conversationId: 'conv-b', profile: typed }))).toEqual({ kind: 'delivered' });

    const [a, b] = desk.contacts;
    expect(desk.requestsTo('PUT', CONTACT).map((request) => [request.path, request.body])).toEqual([
      [`/contacts/${a!.id}`, { name: 'Ana', email: 'ana@example.com', custom_attributes: { confab_name: 'Ana', confab_email: 'ana@example.com', confab_order: 'A-1042' } }],
      [`/contacts/${b!.id}`, { custom_attributes: { confab_name: 'Bob', confab_email: 'bob@example.com', confab_profile_verified: 'yes' } }],
    ]);
    expect(a).toMatchObject({ name: 'Ana', email: 'ana@example.com' });
    expect(b!.name).toMatch(/^Shopper /);
    expect(b!.email).toBeNull();
  });

  it('creates the contact with the identity and answers given before the first message, in the create call', async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a');
    conversations.knowShopper('conv-a', { identity: ANA, profile: { name: 'Ana', order: 'A-1042' } });
    // Before the first message there is no contact to update: nothing is sent yet.
    expect(await attempt(fakeDelivery('chatwoot', { type: 'identity', conversationId: 'conv-a', identity: ANA }))).toEqual({ kind: 'delivered' });
    expect(await attempt(fakeDelivery('chatwoot', { type: 'profile', conversationId: 'conv-a', profile: { name: 'Ana', order: 'A-1042' } }))).toEqual({ kind: 'delivered' });
    expect(desk.requests).toEqual([]);
    expect(await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hello')))).toEqual({ kind: 'delivered' });

    expect(desk.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /contacts',
      'POST /conversations',
      `POST /conversations/${desk.conversations[0]!.id}/messages`,
    ]);
    // The verified identity wins over the context's and the form's name and email.
    expect(desk.requestsTo('POST', /^\/contacts$/)[0]!.body).toMatchObject({
      name: 'Ana Lima',
      email: 'ana@example.com',
      identifier: 'confab:conv-a',
      custom_attributes: {
        confab_conversation_id: 'conv-a',
        locale: 'zh-TW',
        confab_name: 'Ana',
        confab_order: 'A-1042',
        confab_user_id: '42',
        confab_verified: true,
        confab_user_name: 'Ana Lima',
        confab_user_email: 'ana@example.com',
      },
    });
    expect(desk.requestsTo('PUT', CONTACT)).toEqual([]);
  });

  it('retries a failed contact update like any call, and keeps the rest when the email belongs to another contact', async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a');
    conversations.add('conv-b');
    await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hi')));
    await attempt(fakeDelivery('chatwoot', { type: 'conversation-started', conversationId: 'conv-b', context: {} }));
    desk.fail({ route: CONTACT, method: 'PUT', status: 503 });
    const identity = fakeDelivery('chatwoot', { type: 'identity', conversationId: 'conv-b', identity: { ...ANA, email: 'mei@shop.example' } });
    const failed = await attempt(identity);
    expect(failed).toMatchObject({ kind: 'retry' });
    expect(failed.kind === 'retry' && failed.reason).toMatch(/^Chatwoot answered PUT \/api\/v1\/accounts\/1\/contacts\/\d+ with HTTP 503: scripted failure$/);
    // conv-a's contact has mei@shop.example: Chatwoot refuses the address (422), the rest is set without it.
    expect(await attempt({ ...identity, attempts: 1 })).toEqual({ kind: 'delivered' });
    const contact = desk.contacts[1]!;
    expect(desk.requestsTo('PUT', CONTACT).map((request) => request.body?.['email'])).toEqual(['mei@shop.example', 'mei@shop.example', undefined]);
    expect(contact).toMatchObject({ name: 'Ana Lima', email: null, custom_attributes: { confab_user_email: 'mei@shop.example', confab_verified: true } });

    desk.fail({ route: CONTACT, method: 'PUT', status: 404 });
    const gone = await attempt(fakeDelivery('chatwoot', { type: 'profile', conversationId: 'conv-b', profile: { order: 'A-1' } }));
    expect(gone).toMatchObject({ kind: 'rejected' });
    expect(gone.kind === 'rejected' && gone.reason).toContain('check baseUrl, accountId and inboxId');
  });

  it("keeps a verified identity's email on the contact when the shopper leaves another address", async () => {
    const { desk, attempt, conversations } = await setUp();
    conversations.add('conv-a');
    conversations.knowShopper('conv-a', { identity: ANA });
    await attempt(fakeDelivery('chatwoot', visitorMessage('conv-a', 'Hi')));
    expect(await attempt(fakeDelivery('chatwoot', { type: 'contact', conversationId: 'conv-a', email: 'other@example.com' }))).toEqual({ kind: 'delivered' });
    expect(desk.requestsTo('PUT', CONTACT)).toEqual([]);
    expect(desk.contacts[0]!.email).toBe('ana@example.com');
    expect(desk.messages.filter((message) => message.private).map((message) => message.content)).toEqual(['The shopper left an email address to be answered at: other@example.com']);
  });
});
