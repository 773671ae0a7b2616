import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ConversationSummary } from '@confab/protocol';
import { startFakeOpenAiServer } from '../test-support/fake-openai-server.js';
import { eventually, startTestRelay } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';

const SHOP_FAQ = fileURLToPath(new URL('../../../../examples/shop/faq.md', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('a chain of bots in front of the agents: faq -> openai -> console', () => {
  it('passes the conversation down the chain with one transcript, each responder answering in turn', async () => {
    const model = await startFakeOpenAiServer();
    cleanups.push(() => model.close());
    model.script({ kind: 'stream', tokens: ['Yes, ', 'the lid ', 'is ', 'dishwasher safe.'], delayMs: 10 });
    const relay = await startTestRelay({
      adapters: [
        { type: 'faq', file: SHOP_FAQ },
        { type: 'openai', baseUrl: model.url, model: 'fake-model' },
      ],
      routing: { chain: ['faq', 'openai', 'console'] },
    });
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor({ context: { product: { name: 'Aster Gooseneck Kettle', sku: 'AST-1' } } });
    const { conversationId } = visitor.welcome;
    const responder = async () => (await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`)).body.responder;

    // The FAQ knows this one.
    await sendMessage(visitor, createId(), 'How long does shipping take?');
    const faqAnswer = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot');
    expect(faqAnswer.message.text).toContain('working days');
    expect(await responder()).toBe('faq');

    // Not in the FAQ: the model gets the conversation, the question, the earlier answer and the product.
    await sendMessage(visitor, createId(), 'Is the lid dishwasher safe?');
    const modelAnswer = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot' && frame.message.text.includes('dishwasher safe.'));
    expect(modelAnswer.message.text).toBe('Yes, the lid is dishwasher safe.');
    expect(await responder()).toBe('openai');
    const [request] = await model.waitForRequests(1);
    const prompt = JSON.stringify(request!.body!.messages);
    expect(prompt).toContain('Is the lid dishwasher safe?');
    expect(prompt).toContain('How long does shipping take?');
    expect(prompt).toContain('Aster Gooseneck Kettle');

    // The shopper asks for a person: the model is not called again and the agents own it now.
    await sendMessage(visitor, createId(), '转人工');
    await eventually('the hand-over to the console', async () => ((await responder()) === 'console' ? true : undefined));
    expect(model.requests).toHaveLength(1);
    const { body: page } = await relay.api<{ messages: { text: string; author: { role: string } }[] }>(
      'GET',
      `/v1/agent/conversations/${conversationId}/messages`,
    );
    const visitorTexts = page.messages.filter((message) => message.author.role === 'visitor').map((message) => message.text);
    expect(visitorTexts).toEqual(['How long does shipping take?', 'Is the lid dishwasher safe?', '转人工']);
  });
});
