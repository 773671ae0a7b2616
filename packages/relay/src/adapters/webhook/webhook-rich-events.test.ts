import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ChatMessage, type PreChatForm } from '@confab/protocol';
import type { RelayOptions } from '../../options.js';
import { eventually, startTestRelay, type TestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import { upload } from '../../test-support/uploads.js';
import { png } from '../../uploads/test-support/sample-files.js';
import { signWebhook, verifyWebhook } from '../standard-webhooks.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const HELPDESK_SECRET = 'whsec_bm90LWEtcmVhbC1zZWNyZXQtYnV0LWxvbmctZW5vdWdo';
const IDENTITY_SECRET = 'shop-identity-secret-0123456789';
const FORM: PreChatForm = { when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email' }, { key: 'order', label: 'Order number' }] };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Payload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The helpdesk's endpoint on a real loopback port: takes every POST with 200 and keeps its verified payload. */
async function helpdesk() {
  const payloads: Payload[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      verifyWebhook({ headers: request.headers, body, secrets: [SECRET] });
      payloads.push(JSON.parse(body) as Payload);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/confab`, payloads };
}

async function relayWithHelpdesk(options: Partial<RelayOptions> = {}) {
  const desk = await helpdesk();
  const relay = await startTestRelay({
    adapters: [{ type: 'webhook', url: desk.url, secrets: [SECRET], inboundSecrets: [HELPDESK_SECRET], timeoutMs: 2000 }],
    ...options,
  });
  cleanups.push(() => relay.close());
  return { desk, relay, visitor: await relay.visitor() };
}

const tinyPng = () => Buffer.from(png(3, 2));

function postReply(relay: TestRelay, body: object) {
  const text = JSON.stringify(body);
  const headers = signWebhook({ id: `msg_${createId()}`, timestamp: Math.floor(Date.now() / 1000), body: text, secrets: [HELPDESK_SECRET] });
  return fetch(`${relay.baseUrl}/v1/adapters/webhook/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text });
}

describe('webhook adapter: identity, pre-chat answers and rich messages', () => {
  it('forwards who the shopper is and their pre-chat answers as identity and profile events', async () => {
    const { desk, visitor } = await relayWithHelpdesk({ identitySecret: IDENTITY_SECRET, preChat: FORM });
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'Where is my order?');
    const hash = createHmac('sha256', IDENTITY_SECRET).update('user-42').digest('hex');
    visitor.socket.send({ type: 'identify', requestId: 'who-1', userId: 'user-42', name: 'Ana', email: 'ana@example.com', hash });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'who-1');
    visitor.socket.send({ type: 'profile', requestId: 'form-1', fields: { name: 'Ana 安娜', email: 'ana@example.com', order: 'A-1001' } });
    await visitor.socket.waitFor('done', (done) => done.requestId === 'form-1');

    await eventually('the identity, profile and contact events', () => desk.payloads.some((payload) => payload.type === 'contact'));
    const byType = (type: string) => desk.payloads.filter((payload) => payload.type === type);
    expect(byType('identity')).toEqual([
      { type: 'identity', timestamp: expect.any(String), data: { conversationId, identity: { userId: 'user-42', name: 'Ana', email: 'ana@example.com', isVerified: true } } },
    ]);
    expect(byType('profile')).toEqual([
      { type: 'profile', timestamp: expect.any(String), data: { conversationId, profile: { name: 'Ana 安娜', email: 'ana@example.com', order: 'A-1001' } } },
    ]);
    expect(byType('contact')[0]!.data).toEqual({ conversationId, email: 'ana@example.com' });
    // In the order they happened: the message, then who the shopper is, then the form.
    expect(desk.payloads.map((payload) => payload.type)).toEqual(['conversation-started', 'message', 'identity', 'profile', 'contact']);
  });

  it("sends a shopper's files with the message event, their URLs relative to the relay", async () => {
    const { desk, relay, visitor } = await relayWithHelpdesk();
    const photo = await upload(relay, visitor.welcome.token, 'kettle 壶.png', tinyPng());
    visitor.socket.send({ type: 'message', id: 'photo-message-1', text: 'It arrived like this', attachments: [photo.id] });
    await visitor.socket.waitFor('ack', (ack) => ack.id === 'photo-message-1');

    const event = await eventually('the message event', () => desk.payloads.find((payload) => payload.type === 'message'));
    const sent = event.data['message'] as ChatMessage;
    expect(sent).toMatchObject({ id: 'photo-message-1', text: 'It arrived like this', attachments: [{ id: photo.id, type: 'image/png', width: 3, height: 2 }] });
    const url = sent.attachments![0]!.url;
    expect(url).toBe(`/v1/uploads/${photo.id}/${encodeURIComponent('kettle 壶.png')}`);
    // Relative to the relay: the helpdesk fetches it from the address it calls back into.
    const file = await fetch(new URL(url, relay.baseUrl));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(tinyPng());
  });

  it('shows signed replies with files, product cards and link buttons, and refuses bad ones naming the field', async () => {
    const { relay, visitor } = await relayWithHelpdesk();
    const { conversationId } = visitor.welcome;
    const label = await upload(relay, relay.agentToken, 'label.png', tinyPng(), conversationId);
    const products = [{ name: 'Linen shirt', price: '39.00', currency: 'EUR', url: 'https://shop.example/p/linen', image: 'https://shop.example/linen.jpg' }];
    const buttons = [{ label: 'Track my order', url: 'https://shop.example/orders/1042' }];
    const answer = await postReply(relay, { conversationId, text: '', attachments: [label.id], products, buttons, authorName: 'Mei' });
    expect(answer.status).toBe(201);
    const stored = (await answer.json()) as ChatMessage;
    expect(stored).toMatchObject({ text: '', author: { role: 'agent', name: 'Mei' }, attachments: [label], products, buttons });
    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.id === stored.id);
    expect(shown.message).toMatchObject({ attachments: [label], products, buttons });

    const refusals: [object, string][] = [
      [{ conversationId, text: 'Click', buttons: [{ label: 'Run', url: 'javascript:alert(1)' }] }, 'buttons[0].url'],
      [{ conversationId, text: 'Look', products: 'a shirt' }, 'products'],
      [{ conversationId, text: 'File', attachments: [42] }, 'attachments'],
      [{ conversationId, text: 'File', attachments: ['no-such-upload-0001'] }, 'no-such-upload-0001'],
    ];
    for (const [body, names] of refusals) {
      const refused = await postReply(relay, body);
      expect(refused.status, names).toBe(400);
      const error = (await refused.json()) as { code: string; message: string };
      expect(error.code).toBe('CONFAB_REQUEST_INVALID');
      expect(error.message).toContain(names);
    }
    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${conversationId}/messages`);
    expect(transcript.body.messages.map((message) => message.id)).toEqual([stored.id]);
  });
});
