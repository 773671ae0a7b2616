// @vitest-environment node
// Against a real relay on a loopback port: the console's upload and reply calls meet the real contract.
import type { ChatMessage } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../src/test-support/relay.js';
import { AgentApiClient, AgentApiError } from './api-client.js';

const relays: TestRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close();
});

/** The first bytes of a 3×2 PNG (signature and IHDR): enough for the relay to sniff a type and a size. */
function tinyPng(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 6, 0, 0, 0]);
  return bytes;
}

describe('AgentApiClient on a running relay', () => {
  it('uploads a file for a conversation and sends it as a reply the shopper receives', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    const api = new AgentApiClient({ token: relay.agentToken, baseUrl: relay.baseUrl });

    const attachment = await api.uploadFile(conversationId, new Blob([tinyPng()]), '退货 label.png');
    expect(attachment).toMatchObject({ name: '退货 label.png', type: 'image/png', width: 3, height: 2, size: 33 });
    expect(attachment.url).toBe(`/v1/uploads/${attachment.id}/${encodeURIComponent('退货 label.png')}`);
    const file = await fetch(new URL(attachment.url, relay.baseUrl));
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(tinyPng());

    const stored = await api.sendMessage(conversationId, { id: 'reply-with-file-1', text: '', authorName: 'Mei', attachments: [attachment.id] });
    expect(stored).toMatchObject({ id: 'reply-with-file-1', text: '', author: { role: 'agent', name: 'Mei' }, attachments: [attachment] });
    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.id === 'reply-with-file-1');
    expect((shown.message as ChatMessage).attachments).toEqual([attachment]);
  });

  it('is refused an upload without a conversation, and a reply naming another conversation’s upload', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const [mine, theirs] = [await relay.visitor(), await relay.visitor()];
    const api = new AgentApiClient({ token: relay.agentToken, baseUrl: relay.baseUrl });
    const noConversation = await api.uploadFile('', new Blob([tinyPng()]), 'x.png').catch((error: unknown) => error);
    expect(noConversation).toBeInstanceOf(AgentApiError);
    expect(noConversation).toMatchObject({ status: 400, code: 'CONFAB_REQUEST_INVALID' });

    const foreign = await api.uploadFile(theirs.welcome.conversationId, new Blob([tinyPng()]), 'x.png');
    const refused = await api.sendMessage(mine.welcome.conversationId, { text: 'Look', attachments: [foreign.id] }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, code: 'CONFAB_REQUEST_INVALID' });
    const transcript = await api.listMessages(mine.welcome.conversationId);
    // Nothing half-stored: the refused reply is not in the transcript.
    expect(transcript.messages).toEqual([]);
  });

  it('sends a product card and a link button without text; the relay stores them and the shopper receives them', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    const api = new AgentApiClient({ token: relay.agentToken, baseUrl: relay.baseUrl });
    const product = { name: 'Kettle 1.7L', price: '129.00', currency: 'CNY', image: 'https://shop.example/k.png', url: 'https://shop.example/k' };
    const button = { label: 'Size guide', url: 'https://shop.example/sizes' };

    const stored = await api.sendMessage(conversationId, { id: 'reply-with-card-1', text: '', authorName: 'Mei', products: [product], buttons: [button] });
    expect(stored).toMatchObject({ id: 'reply-with-card-1', text: '', author: { role: 'agent', name: 'Mei' }, products: [product], buttons: [button] });
    const shown = await visitor.socket.waitFor('message', (frame) => frame.message.id === 'reply-with-card-1');
    expect((shown.message as ChatMessage).products).toEqual([product]);
    expect((shown.message as ChatMessage).buttons).toEqual([button]);
    const transcript = await api.listMessages(conversationId);
    expect(transcript.messages.map((m) => [m.id, m.products, m.buttons])).toEqual([['reply-with-card-1', [product], [button]]]);
  });

  it('is refused a link button the shopper could never open, with the relay’s code, and stores nothing', async () => {
    const relay = await startTestRelay();
    relays.push(relay);
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    const api = new AgentApiClient({ token: relay.agentToken, baseUrl: relay.baseUrl });
    const refused = await api
      .sendMessage(conversationId, { text: 'Click', buttons: [{ label: 'Run', url: 'javascript:alert(1)' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AgentApiError);
    expect(refused).toMatchObject({ status: 400, code: 'CONFAB_REQUEST_INVALID', message: expect.stringContaining('buttons[0].url') });
    expect((await api.listMessages(conversationId)).messages).toEqual([]);
  });
});
