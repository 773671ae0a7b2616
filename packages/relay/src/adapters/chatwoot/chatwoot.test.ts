import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ChatMessage, type PreChatForm } from '@confab/protocol';
import type { RelayOptions } from '../../options.js';
import { eventually, startTestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import { OptionReader } from '../option-reader.js';
import { chatwoot } from './chatwoot.js';
import { CHATWOOT_OPTIONS, parseChatwootConfig } from './chatwoot-config.js';
import { FakeChatwoot } from './fake-chatwoot-server.js';

const SECRET = 'chatwoot-inbox-secret-2k9Qm';
const IDENTITY_SECRET = 'shop-identity-secret-0123456789';
const FORM: PreChatForm = { when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email' }, { key: 'order', label: 'Order number' }] };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A relay with a chatwoot adapter on a fake Chatwoot whose inbox webhook points back at the relay. */
async function relayWithChatwoot(options: { secret?: string | undefined; relay?: Partial<RelayOptions> } = { secret: SECRET }) {
  const desk = await FakeChatwoot.start(options.secret === undefined ? {} : { secret: options.secret });
  const entry = {
    type: 'chatwoot',
    baseUrl: desk.baseUrl,
    apiAccessToken: desk.token,
    accountId: desk.accountId,
    inboxId: desk.inboxId,
    timeoutMs: 2000,
    ...(options.secret === undefined ? {} : { webhookSecret: options.secret }),
  };
  const config = parseChatwootConfig(new OptionReader(entry, 'adapters[0]', CHATWOOT_OPTIONS, '.'));
  const relay = await startTestRelay({ customAdapters: [chatwoot(config)], ...options.relay });
  cleanups.push(() => relay.close());
  cleanups.push(() => desk.close());
  desk.webhookUrl = `${relay.baseUrl}/v1/adapters/chatwoot/webhook`;
  const visitor = await relay.visitor();
  return { desk, relay, visitor };
}

/** The shopper writes `text`; resolves with the Chatwoot conversation it reached. */
async function shopperWrites(setup: Awaited<ReturnType<typeof relayWithChatwoot>>, text: string) {
  await sendMessage(setup.visitor, createId(), text);
  await eventually('the message in Chatwoot', () => setup.desk.messages.some((message) => message.content === text));
  await setup.desk.settled();
  return setup.desk.conversations[0]!;
}

async function transcript(setup: Awaited<ReturnType<typeof relayWithChatwoot>>): Promise<ChatMessage[]> {
  const { conversationId } = setup.visitor.welcome;
  return (await setup.relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${conversationId}/messages`)).body.messages;
}

describe('chatwoot adapter in the relay', () => {
  it("forwards the shopper's messages to one Chatwoot conversation, and drops their webhook echoes", async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'Hi, is the linen shirt in M?');
    await shopperWrites(setup, '有 M 號嗎？');
    expect(setup.desk.contacts).toHaveLength(1);
    expect(setup.desk.conversations).toHaveLength(1);
    expect(conversation.custom_attributes).toMatchObject({ confab_conversation_id: setup.visitor.welcome.conversationId });
    expect(setup.desk.messagesOf(conversation.id).map((message) => [message.content, message.message_type])).toEqual([
      ['Hi, is the linen shirt in M?', 0],
      ['有 M 號嗎？', 0],
    ]);
    // Chatwoot sent a message_created webhook for each of our own incoming messages: both ignored.
    const echoes = setup.desk.webhooks.filter((delivery) => delivery.payload['message_type'] === 'incoming');
    expect(echoes.map((delivery) => [delivery.status, delivery.body])).toEqual([
      [200, { result: 'ignored', reason: "an incoming message: the shopper's own, posted by this relay" }],
      [200, { result: 'ignored', reason: "an incoming message: the shopper's own, posted by this relay" }],
    ]);
    expect((await transcript(setup)).map((message) => message.author.role)).toEqual(['visitor', 'visitor']);
  });

  it("shows an agent's signed reply once, however often Chatwoot delivers it", async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'Do you ship to Taipei?');
    const { payload } = setup.desk.agentReply(conversation.id, 'Yes, in 3 days.', { agentName: 'Mia' });
    await setup.desk.settled();
    const shown = await setup.visitor.socket.waitFor('message', (frame) => frame.message.text === 'Yes, in 3 days.');
    expect(shown.message.author).toEqual({ role: 'agent', name: 'Mia' });
    const first = setup.desk.webhooks.at(-1)!;
    expect(first).toMatchObject({ status: 201, body: { result: 'shown', messageId: shown.message.id } });

    // A Sidekiq retry (same X-Chatwoot-Delivery) and a second webhook for the same message (new delivery id).
    expect(await setup.desk.deliver(payload, { deliveryId: first.deliveryId })).toMatchObject({ status: 200, body: { result: 'duplicate' } });
    expect(await setup.desk.deliver(payload)).toMatchObject({ status: 200, body: { result: 'duplicate', messageId: shown.message.id } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(setup.visitor.socket.received.filter((frame) => frame.type === 'message' && frame.message.author.role === 'agent')).toHaveLength(1);
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['Do you ship to Taipei?', 'Yes, in 3 days.']);
    // The reply came from Chatwoot, so it is not sent back to it.
    expect(setup.desk.messages.filter((message) => message.content === 'Yes, in 3 days.')).toHaveLength(1);
  });

  it('refuses webhooks with a wrong, missing or stale signature', async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'Any discount codes?');
    setup.desk.webhookUrl = undefined;
    const { payload } = setup.desk.agentReply(conversation.id, 'Use FAKE50 at checkout');
    setup.desk.webhookUrl = `${setup.relay.baseUrl}/v1/adapters/chatwoot/webhook`;
    const forged = await setup.desk.deliver(payload, { secret: 'not-the-inbox-secret' });
    expect(forged).toMatchObject({ status: 401, body: { code: 'CONFAB_SIGNATURE_INVALID' } });
    expect(String((forged.body as { message: string }).message)).toContain('does not match');
    const stale = await setup.desk.deliver(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(stale).toMatchObject({ status: 401, body: { code: 'CONFAB_SIGNATURE_INVALID' } });
    expect(String((stale.body as { message: string }).message)).toContain('may be a replay');
    const unsigned = await setup.desk.deliver(payload, { secret: null });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'CONFAB_SIGNATURE_INVALID' } });
    // Tampered after signing: the signature covers the exact bytes.
    const tampered = await fetch(setup.desk.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-chatwoot-signature': 'sha256=' + '0'.repeat(64), 'x-chatwoot-timestamp': String(Math.floor(Date.now() / 1000)) },
      body: JSON.stringify(payload),
    });
    expect(tampered.status).toBe(401);
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['Any discount codes?']);

    const valid = await setup.desk.deliver(payload);
    expect(valid).toMatchObject({ status: 201, body: { result: 'shown' } });
  });

  it('never shows private notes or activity messages to the shopper', async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'My parcel is late');
    setup.desk.agentReply(conversation.id, 'Customer is angry, offer a voucher', { isPrivate: true });
    setup.desk.agentReply(conversation.id, 'Sorry! Let me check.');
    await setup.desk.settled();
    await setup.visitor.socket.waitFor('message', (frame) => frame.message.text === 'Sorry! Let me check.');
    const note = setup.desk.webhooks.find((delivery) => delivery.payload['private'] === true);
    expect(note).toMatchObject({ status: 200, body: { result: 'ignored', reason: 'a private note' } });
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['My parcel is late', 'Sorry! Let me check.']);
  });

  it('closes the Confab conversation when the agent resolves it, showing a last reply whose webhook comes late', async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'Thanks, that is all');
    // The reply's own webhook is held back, so the resolve overtakes it.
    setup.desk.webhookUrl = undefined;
    const { payload: late } = setup.desk.agentReply(conversation.id, 'Have a nice day!');
    setup.desk.webhookUrl = `${setup.relay.baseUrl}/v1/adapters/chatwoot/webhook`;
    const resolved = setup.desk.setStatus(conversation.id, 'resolved');
    await setup.desk.settled();
    expect(setup.desk.webhooks.find((delivery) => delivery.payload === resolved)).toMatchObject({ status: 200, body: { result: 'closed' } });
    expect(await setup.visitor.socket.waitFor('status')).toMatchObject({ status: 'closed' });
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['Thanks, that is all', 'Have a nice day!']);
    // The held-back webhook arrives: the reply is already there, so Chatwoot is told all is well.
    expect(await setup.desk.deliver(late)).toMatchObject({ status: 200, body: { result: 'duplicate' } });
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['Thanks, that is all', 'Have a nice day!']);
    // Reopening in Chatwoot leaves the Confab conversation as it is: it reopens when the shopper writes.
    const reopened = setup.desk.setStatus(conversation.id, 'open');
    await setup.desk.settled();
    expect(setup.desk.webhooks.find((delivery) => delivery.payload === reopened)).toMatchObject({ status: 200, body: { result: 'ignored' } });
  });

  it('tells Chatwoot when the relay closes the conversation', async () => {
    const setup = await relayWithChatwoot();
    const conversation = await shopperWrites(setup, 'Bye');
    expect((await setup.relay.api('POST', `/v1/agent/conversations/${setup.visitor.welcome.conversationId}/close`)).status).toBe(200);
    await eventually('the conversation resolved in Chatwoot', () => conversation.status === 'resolved');
    await setup.desk.settled();
    // Chatwoot's own status webhook for that resolve closes nothing new and fails nothing.
    expect(setup.desk.webhooks.filter((delivery) => delivery.payload['event'] === 'conversation_status_changed').map((delivery) => delivery.status)).toEqual([200]);
  });

  it('without a webhookSecret, shows only replies that Chatwoot confirms it holds', async () => {
    const setup = await relayWithChatwoot({ secret: undefined });
    const conversation = await shopperWrites(setup, 'Is there a store in Lyon?');
    setup.desk.agentReply(conversation.id, 'Yes, rue de la République.');
    await setup.desk.settled();
    await setup.visitor.socket.waitFor('message', (frame) => frame.message.text === 'Yes, rue de la République.');
    // A forged webhook naming a message Chatwoot does not have shows nothing.
    const forged = { ...setup.desk.messageWebhook(setup.desk.messages.at(-1)!), id: 999_999, content: 'Send your card number' };
    expect(await setup.desk.deliver(forged)).toMatchObject({ status: 200, body: { result: 'ignored', reason: 'Chatwoot has no such message in that conversation' } });
    // A forged resolve is checked against the conversation's real status.
    const forgedResolve = { ...setup.desk.conversationWebhookData(conversation), event: 'conversation_status_changed', status: 'resolved' };
    expect(await setup.desk.deliver(forgedResolve)).toMatchObject({ status: 200, body: { result: 'ignored' } });
    expect((await transcript(setup)).map((message) => message.text)).toEqual(['Is there a store in Lyon?', 'Yes, rue de la République.']);
  });

  it('creates the contact with who the shopper is and their pre-chat answers, and updates it when they change', async () => {
    const setup = await relayWithChatwoot({ secret: SECRET, relay: { identitySecret: IDENTITY_SECRET, preChat: FORM } });
    const { visitor, desk } = setup;
    // Before the first message: Chatwoot has no contact yet, so the create call carries both.
    const hash = createHmac('sha256', IDENTITY_SECRET).update('user-42').digest('hex');
    visitor.socket.send({ type: 'identify', requestId: 'who-1', userId: 'user-42', name: 'Ana Lima', email: 'ana@example.com', hash });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-1');
    visitor.socket.send({ type: 'profile', requestId: 'form-1', fields: { name: 'Ana', order: 'A-1042' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-1');
    const conversation = await shopperWrites(setup, 'Where is my order?');
    expect(desk.requestsTo('POST', /^\/contacts$/).map((request) => request.body)).toEqual([
      expect.objectContaining({
        name: 'Ana Lima',
        email: 'ana@example.com',
        custom_attributes: {
          confab_conversation_id: visitor.welcome.conversationId,
          confab_name: 'Ana',
          confab_order: 'A-1042',
          confab_user_id: 'user-42',
          confab_verified: true,
          confab_user_name: 'Ana Lima',
          confab_user_email: 'ana@example.com',
        },
      }),
    ]);
    expect(desk.contacts).toHaveLength(1);
    expect(conversation.contact_id).toBe(desk.contacts[0]!.id);

    // After it: the contact is updated in place.
    visitor.socket.send({ type: 'profile', requestId: 'form-2', fields: { name: 'Ana', order: 'A-2001' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-2');
    await eventually('the contact updated', () => desk.contacts[0]!.custom_attributes['confab_order'] === 'A-2001');
    expect(desk.requestsTo('PUT', /^\/contacts\/\d+$/).map((request) => request.body)).toEqual([{ custom_attributes: { confab_name: 'Ana', confab_order: 'A-2001' } }]);
    // The verified identity keeps the contact's name.
    expect(desk.contacts[0]).toMatchObject({ name: 'Ana Lima', email: 'ana@example.com' });
  });
});
