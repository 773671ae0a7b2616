import { describe, expect, it } from 'vitest';
import { createId, type Attachment, type ChatMessage, type HttpErrorBody } from '@confab/protocol';
import type { Adapter, AdapterReply } from './adapters/adapter.js';
import { eventually, testRelays, type TestRelay } from './test-support/relay.js';
import type { Visitor } from './test-support/socket.js';
import { postUpload, recordingAdapter, upload } from './test-support/uploads.js';
import { png } from './uploads/test-support/sample-files.js';

const relayWith = testRelays();

const tinyPng = () => Buffer.from(png(3, 2));

function uploadAsVisitor(relay: TestRelay, visitor: Visitor, name = 'kettle.png'): Promise<Attachment> {
  return upload(relay, visitor.welcome.token, name, tinyPng());
}

describe('attachments from the shopper', () => {
  it('announces the upload limits and takes a message that is only a file, once per id', async () => {
    const desk = recordingAdapter();
    const relay = await relayWith({ customAdapters: [desk.adapter] });
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    expect(visitor.welcome.limits.maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(visitor.welcome.limits.uploadTypes).toContain('image/png');
    const photo = await uploadAsVisitor(relay, visitor);
    expect(photo).toMatchObject({ name: 'kettle.png', type: 'image/png', width: 3, height: 2 });

    visitor.socket.send({ type: 'message', id: 'photo-message-1', text: '', attachments: [photo.id] });
    const ack = await visitor.socket.waitFor('ack', (frame) => frame.id === 'photo-message-1');
    // Sent again after a reconnect: acknowledged again with the same seq, stored once.
    visitor.socket.send({ type: 'message', id: 'photo-message-1', text: '', attachments: [photo.id] });
    expect((await visitor.socket.waitFor('ack', (frame) => frame.id === 'photo-message-1')).seq).toBe(ack.seq);

    const live = await agent.waitFor('message', (frame) => frame.message.id === 'photo-message-1');
    expect(live.message).toMatchObject({ text: '', attachments: [photo] });
    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`);
    expect(transcript.body.messages).toHaveLength(1);
    expect(transcript.body.messages[0]!.attachments).toEqual([photo]);
    const delivery = await eventually('the message delivery', () => desk.seen.find((seen) => seen.event.type === 'message'));
    expect(delivery.event).toMatchObject({ type: 'message', message: { id: 'photo-message-1', attachments: [photo] } });
  });

  it('refuses unknown and foreign upload ids, and a message with neither text nor files', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const other = await relay.visitor();
    const theirs = await uploadAsVisitor(relay, other);

    visitor.socket.send({ type: 'message', id: 'foreign-file-1', text: 'look', attachments: [theirs.id] });
    expect((await visitor.socket.waitFor('error', (frame) => frame.id === 'foreign-file-1')).code).toBe('CONFAB_REQUEST_INVALID');
    visitor.socket.send({ type: 'message', id: 'unknown-file-1', text: 'look', attachments: ['no-such-upload-0001'] });
    expect((await visitor.socket.waitFor('error', (frame) => frame.id === 'unknown-file-1')).code).toBe('CONFAB_REQUEST_INVALID');
    visitor.socket.send({ type: 'message', id: 'empty-message-1', text: '  ' });
    expect((await visitor.socket.waitFor('error', (frame) => frame.id === 'empty-message-1')).code).toBe('CONFAB_TEXT_INVALID');
    visitor.socket.send({ type: 'message', id: 'empty-message-2', text: '', attachments: [] });
    expect((await visitor.socket.waitFor('error', (frame) => frame.id === 'empty-message-2')).code).toBe('CONFAB_TEXT_INVALID');

    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`);
    expect(transcript.body.messages).toEqual([]);
  });

  it('stops start-up on bad upload settings, without repeating a secret', async () => {
    await expect(relayWith({ uploads: { maxBytes: -1 } })).rejects.toMatchObject({ code: 'CONFAB_CONFIG_INVALID', message: expect.stringContaining('maxBytes') });
    const s3 = { endpoint: 'not a url', region: 'eu-central-1', bucket: 'b', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'very-secret-key-material' };
    const error = await relayWith({ uploads: { s3 } }).then(
      () => undefined,
      (caught: Error & { code?: string }) => caught,
    );
    expect(error?.code).toBe('CONFAB_CONFIG_INVALID');
    expect(error?.message).not.toContain('very-secret-key-material');
  });

  it('takes no files with uploads off', async () => {
    const relay = await relayWith({ uploads: false });
    const visitor = await relay.visitor();
    expect(visitor.welcome.limits.maxUploadBytes).toBeUndefined();
    expect(visitor.welcome.limits.uploadTypes).toBeUndefined();
    expect((await postUpload(relay, visitor.welcome.token, 'kettle.png', tinyPng())).status).toBe(404);
    visitor.socket.send({ type: 'message', id: 'no-uploads-1', text: 'file', attachments: ['some-upload-id-01'] });
    const error = await visitor.socket.waitFor('error', (frame) => frame.id === 'no-uploads-1');
    expect(error.code).toBe('CONFAB_REQUEST_INVALID');
    expect(error.message).toContain('takes no uploads');
  });
});

describe('rich replies from the agent API', () => {
  it('sends files, product cards, link buttons and quick replies to the shopper and the adapters', async () => {
    const desk = recordingAdapter();
    const relay = await relayWith({ customAdapters: [desk.adapter] });
    const visitor = await relay.visitor();
    const conversationId = visitor.welcome.conversationId;
    const manual = await postUpload(relay, relay.agentToken, 'manual.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), conversationId);
    expect(manual.status).toBe(201);
    const product = { name: 'Kettle', sku: 'K-1', price: '49.00', currency: 'EUR', url: 'https://shop.example/kettle', image: 'https://shop.example/kettle.png' };
    const buttons = [
      { label: 'Track my order', url: 'https://shop.example/orders/42' },
      { label: 'Write to us', url: 'mailto:help@shop.example' },
    ];
    const response = await relay.api<ChatMessage>('POST', `/v1/agent/conversations/${conversationId}/messages`, {
      body: { text: 'This one, with its manual:', authorName: 'Mia', attachments: [manual.body.id], products: [product], buttons, quickReplies: ['Thanks'] },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ attachments: [manual.body], products: [product], buttons, quickReplies: ['Thanks'] });
    const live = await visitor.socket.waitFor('message', (frame) => frame.message.id === response.body.id);
    expect(live.message).toEqual(response.body);
    const delivery = await eventually('the reply delivery', () => desk.seen.find((seen) => seen.event.type === 'message'));
    expect(delivery.event).toMatchObject({ message: { products: [product], buttons, attachments: [manual.body] } });

    // Only a product card: the text may be empty then.
    const cardOnly = await relay.api<ChatMessage>('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { text: '', products: [product] } });
    expect(cardOnly.status).toBe(201);
    expect(cardOnly.body.text).toBe('');
  });

  it('refuses link buttons that are not http, https or mailto, bad product cards and foreign files', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const other = await relay.visitor();
    const theirs = await uploadAsVisitor(relay, other);
    const path = `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`;
    const bodies: [unknown, string][] = [
      [{ text: 'Click', buttons: [{ label: 'Run', url: 'javascript:alert(1)' }] }, 'buttons[0].url'],
      [{ text: 'Click', buttons: [{ label: 'Data', url: 'data:text/html,<script>alert(1)</script>' }] }, 'buttons[0].url'],
      [{ text: 'Click', buttons: [{ label: 'Relative', url: '/orders' }] }, 'buttons[0].url'],
      [{ text: 'Click', buttons: [{ url: 'https://shop.example' }] }, 'buttons[0].label'],
      [{ text: 'Buy', products: [{ name: 'Kettle', price: 49 }] }, 'products[0].price'],
      [{ text: 'See', attachments: [theirs.id] }, theirs.id],
      [{ text: '' }, 'empty'],
    ];
    for (const [body, mention] of bodies) {
      const response = await relay.api<HttpErrorBody>('POST', path, { body });
      expect(response.status, mention).toBe(400);
      expect(['CONFAB_REQUEST_INVALID', 'CONFAB_TEXT_INVALID']).toContain(response.body.code);
      expect(response.body.message, mention).toContain(mention);
    }
    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `${path}`);
    expect(transcript.body.messages).toEqual([]);
  });
});

describe('rich replies from an adapter', () => {
  it('go through the same checks as the agent API', async () => {
    const outcomes: unknown[] = [];
    const bot: Adapter = {
      name: 'shop-bot',
      async attempt(delivery, context) {
        if (delivery.event.type !== 'message' || delivery.event.message.author.role !== 'visitor') return { kind: 'delivered' };
        const { conversationId } = delivery.event;
        const card: AdapterReply = { text: 'Our bestseller:', role: 'bot', products: [{ name: 'Kettle', price: '49.00' }], buttons: [{ label: 'Open', url: 'https://shop.example/kettle' }] };
        outcomes.push(await context.conversations.postMessage(conversationId, card));
        const unsafe: AdapterReply = { text: 'Click', role: 'bot', buttons: [{ label: 'Run', url: 'javascript:alert(1)' }] };
        outcomes.push(await context.conversations.postMessage(conversationId, unsafe).catch((error: { code: string }) => error.code));
        return { kind: 'delivered' };
      },
    };
    const relay = await relayWith({ customAdapters: [bot] });
    const visitor = await relay.visitor();
    visitor.socket.send({ type: 'message', id: 'ask-the-bot-1', text: 'What do you recommend?' });
    const card = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot');
    expect(card.message).toMatchObject({ products: [{ name: 'Kettle', price: '49.00' }], buttons: [{ label: 'Open', url: 'https://shop.example/kettle' }] });
    await eventually('both replies tried', () => outcomes.length === 2);
    expect(outcomes[1]).toBe('CONFAB_REQUEST_INVALID');
  });
});
