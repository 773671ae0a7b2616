import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ConversationSummary } from '@confab/protocol';
import { createRelay } from './app.js';
import type { Adapter, AdapterContext, AdapterDelivery } from './adapters/adapter.js';
import type { LiveEvent } from './adapters/adapter-events.js';
import { eventually, startTestRelay, type TestRelay } from './test-support/relay.js';
import { sendMessage } from './test-support/socket.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** An adapter that records what it is given and keeps its context, for the test to act through. */
function recorder(name: string, onDelivery?: (delivery: AdapterDelivery, context: AdapterContext) => Promise<void>) {
  const deliveries: AdapterDelivery[] = [];
  const live: LiveEvent[] = [];
  let context: AdapterContext | undefined;
  const adapter: Adapter = {
    name,
    async attempt(delivery, attemptContext) {
      context = attemptContext;
      deliveries.push(delivery);
      await onDelivery?.(delivery, attemptContext);
      return { kind: 'delivered' };
    },
    notify(event) {
      live.push(event);
    },
    async routes(_app, routeContext) {
      context = routeContext;
    },
  };
  return {
    adapter,
    deliveries,
    live,
    types: () => deliveries.map((delivery) => delivery.event.type),
    context: () => context!,
  };
}

async function relayWith(options: Parameters<typeof startTestRelay>[0]): Promise<TestRelay> {
  const relay = await startTestRelay(options);
  cleanups.push(() => relay.close());
  return relay;
}

const quiet = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('routing between responders', () => {
  it('gives a conversation to the first responder, mirrors every message to observers, and hands over with the transcript', async () => {
    const bot = recorder('bot', async (delivery, context) => {
      if (delivery.event.type !== 'message' || delivery.event.message.author.role !== 'visitor') return;
      if (delivery.event.message.text.includes('person')) {
        await context.conversations.handOver(delivery.conversationId, 'The shopper asked for a person');
        return;
      }
      await context.conversations.postMessage(delivery.conversationId, {
        id: `bot-${delivery.deliveryId}`,
        text: 'It ships in 2 days.',
        role: 'bot',
        authorName: 'Shop assistant',
        quickReplies: ['Returns?', 'Talk to a person'],
      });
    });
    const archive = recorder('archive');
    const relay = await relayWith({ customAdapters: [bot.adapter, archive.adapter], routing: { chain: ['bot', 'console'] } });
    const visitor = await relay.visitor({ context: { product: { name: 'Linen shirt', sku: 'LS-1' } } });
    const { conversationId } = visitor.welcome;

    await sendMessage(visitor, createId(), 'When does it ship?');
    const answer = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot');
    expect(answer.message).toMatchObject({ text: 'It ships in 2 days.', author: { role: 'bot', name: 'Shop assistant' }, quickReplies: ['Returns?', 'Talk to a person'] });
    // The observer hears the shopper and the bot; the bot is never sent its own reply.
    await eventually('the bot reply at the observer', () => archive.types().filter((type) => type === 'message').length === 2);
    expect(archive.types()).toEqual(['conversation-started', 'message', 'message']);
    expect(bot.types()).toEqual(['conversation-started', 'message']);
    expect(archive.deliveries[1]!.event).toMatchObject({ type: 'message', context: { product: { name: 'Linen shirt' } } });

    let summary = (await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`)).body;
    expect(summary.responder).toBe('bot');

    await sendMessage(visitor, createId(), 'Can I talk to a person?');
    summary = await eventually('the hand-over', async () => {
      const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
      return body.responder === 'console' ? body : undefined;
    });
    expect(summary.responder).toBe('console');
    // Once handed over, the bot hears nothing more of the conversation, and cannot hand it over again.
    await sendMessage(visitor, createId(), 'Hello?');
    await eventually('the last message at the observer', () => archive.types().filter((type) => type === 'message').length === 4);
    await quiet();
    expect(bot.types()).toEqual(['conversation-started', 'message', 'message']);
    expect(await bot.context().conversations.handOver(conversationId, 'again')).toEqual({ kind: 'not-owner', owner: 'console' });
    const transcript = await bot.context().conversations.transcript(conversationId, { limit: 10 });
    expect(transcript?.messages.map((message) => message.text)).toEqual(['When does it ship?', 'It ships in 2 days.', 'Can I talk to a person?', 'Hello?']);
    expect(await bot.context().conversations.get(conversationId)).toMatchObject({ id: conversationId, responder: 'console' });
  });

  it('hands a conversation to an adapter next in the chain with a handover event, and a human reply takes it over', async () => {
    const bot = recorder('bot');
    const desk = recorder('desk');
    const relay = await relayWith({ customAdapters: [bot.adapter, desk.adapter], routing: { chain: ['bot', 'desk', 'console'] } });
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'I need help with an order');
    await eventually('the message at the bot', () => bot.types().includes('message'));
    expect(await bot.context().conversations.handOver(conversationId, 'Order questions go to the desk')).toEqual({ kind: 'handed-over', to: 'desk' });
    await eventually('the hand-over at the desk', () => desk.types().includes('handover'));
    expect(desk.deliveries.map((delivery) => delivery.event)).toEqual([
      { type: 'handover', conversationId, from: 'bot', reason: 'Order questions go to the desk', context: {} },
    ]);
    expect(await desk.context().conversations.handOver(conversationId, 'nobody here')).toEqual({ kind: 'handed-over', to: 'console' });
    expect(await relay.app.confab.conversations.handOver(conversationId, 'console', 'end of the line')).toEqual({ kind: 'last-in-chain' });

    // An agent answering in the console takes a conversation from a bot at once.
    const other = await relay.visitor();
    await sendMessage(other, createId(), 'Hi');
    await eventually('the second conversation at the bot', () => bot.deliveries.some((delivery) => delivery.conversationId === other.welcome.conversationId));
    const reply = await relay.api('POST', `/v1/agent/conversations/${other.welcome.conversationId}/messages`, { body: { text: 'Hi, Ana here.' } });
    expect(reply.status).toBe(201);
    const summary = (await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${other.welcome.conversationId}`)).body;
    expect(summary.responder).toBe('console');
    const before = bot.deliveries.length;
    await sendMessage(other, createId(), 'Thanks Ana');
    await quiet();
    // The agent's reply reached the bot (it owned the conversation when it was written); nothing after.
    expect(bot.deliveries.slice(before)).toEqual([]);
  });

  it('refuses a chain naming an adapter that is not configured', async () => {
    await expect(createRelay({ logLevel: 'silent', agentToken: 'routing-test-token-0123456789', routing: { chain: ['faq', 'console'] } })).rejects.toMatchObject({
      code: 'CONFAB_CONFIG_INVALID',
      message: expect.stringContaining('routing.chain[0] "faq" is not an adapter'),
    });
    await expect(createRelay({ logLevel: 'silent', agentToken: 'routing-test-token-0123456789', routing: { chain: ['console', 'console'] } as never })).rejects.toMatchObject({
      code: 'CONFAB_CONFIG_INVALID',
      message: expect.stringContaining('names "console" twice'),
    });
  });
});

describe('streamed replies', () => {
  it('shows a streamed reply as drafts, coalesced, then stores it once as a message with the same id', async () => {
    const bot = recorder('bot');
    const relay = await relayWith({ customAdapters: [bot.adapter], routing: { chain: ['bot'] } });
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'Tell me about the kettle');
    await eventually('the message at the bot', () => bot.types().includes('message'));
    const tokens = Array.from({ length: 40 }, (_, i) => `t${i} `);
    async function* parts() {
      for (const token of tokens) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        yield token;
      }
    }
    const outcome = await bot.context().conversations.streamMessage(conversationId, { id: 'stream-reply-0001', role: 'bot', authorName: 'Bot' }, parts());
    expect(outcome).toMatchObject({ kind: 'done', value: { duplicate: false, message: { id: 'stream-reply-0001', text: tokens.join('') } } });
    const message = await visitor.socket.waitFor('message', (frame) => frame.message.id === 'stream-reply-0001');
    expect(message.message).toMatchObject({ text: tokens.join(''), author: { role: 'bot', name: 'Bot' } });
    const drafts = visitor.socket.received.filter((frame) => frame.type === 'draft');
    // 40 tokens over about 400 ms: a handful of drafts, each longer than the one before, all before the message.
    expect(drafts.length).toBeGreaterThan(1);
    expect(drafts.length).toBeLessThan(tokens.length / 2);
    const texts = drafts.map((frame) => (frame.type === 'draft' ? frame.text : ''));
    for (let i = 1; i < texts.length; i++) expect(texts[i]!.startsWith(texts[i - 1]!) && texts[i]!.length > texts[i - 1]!.length).toBe(true);
    expect(tokens.join('').startsWith(texts.at(-1)!)).toBe(true);
    expect(visitor.socket.received.findIndex((frame) => frame.type === 'message' && frame.message.id === 'stream-reply-0001')).toBeGreaterThan(
      visitor.socket.received.findLastIndex((frame) => frame.type === 'draft'),
    );
    // The same id again (a retried delivery) stores nothing new and streams nothing.
    const again = await bot.context().conversations.streamMessage(conversationId, { id: 'stream-reply-0001', role: 'bot' }, parts());
    expect(again).toMatchObject({ kind: 'done', value: { duplicate: true } });
  });

  it('withdraws the draft and stores nothing when the stream fails', async () => {
    const bot = recorder('bot');
    const relay = await relayWith({ customAdapters: [bot.adapter], routing: { chain: ['bot'] } });
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'Hello');
    await eventually('the message at the bot', () => bot.types().includes('message'));
    async function* cut() {
      yield 'Our kettle boils ';
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('stream ended before [DONE]');
    }
    await expect(bot.context().conversations.streamMessage(conversationId, { id: 'stream-cut-00001', role: 'bot' }, cut())).rejects.toThrow('stream ended before [DONE]');
    expect(await visitor.socket.waitFor('draft')).toMatchObject({ id: 'stream-cut-00001', text: 'Our kettle boils ' });
    expect(await visitor.socket.waitFor('draft-end')).toEqual({ type: 'draft-end', id: 'stream-cut-00001' });
    const transcript = await relay.api<{ messages: unknown[] }>('GET', `/v1/agent/conversations/${conversationId}/messages`);
    expect(transcript.body.messages).toHaveLength(1);
  });
});

describe("the shopper's email and rating", () => {
  it('stores them, answers done, shows them to the agents and tells the adapters', async () => {
    const archive = recorder('archive');
    const relay = await relayWith({ customAdapters: [archive.adapter] });
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'Are you open on Sunday?');
    visitor.socket.send({ type: 'contact', requestId: 'req-1', email: 'ana@example.com' });
    expect(await visitor.socket.waitFor('done')).toEqual({ type: 'done', requestId: 'req-1' });
    visitor.socket.send({ type: 'rate', requestId: 'req-2', score: 4, comment: 'Quick answer' });
    expect(await visitor.socket.waitFor('done')).toEqual({ type: 'done', requestId: 'req-2' });
    visitor.socket.send({ type: 'contact', requestId: 'req-3', email: 'not an email' });
    expect(await visitor.socket.waitFor('error')).toMatchObject({ code: 'CONFAB_FRAME_INVALID' });
    visitor.socket.send({ type: 'rate', requestId: 'req-4', score: 6 });
    expect(await visitor.socket.waitFor('error')).toMatchObject({ code: 'CONFAB_FRAME_INVALID' });

    const summary = (await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`)).body;
    expect(summary).toMatchObject({ email: 'ana@example.com', rating: { score: 4, comment: 'Quick answer' } });
    await eventually('the rating at the adapter', () => archive.types().includes('rating'));
    expect(archive.deliveries.slice(-2).map((delivery) => delivery.event)).toEqual([
      { type: 'contact', conversationId, email: 'ana@example.com' },
      { type: 'rating', conversationId, score: 4, comment: 'Quick answer' },
    ]);
  });
});

describe('live events and adapter state', () => {
  it('tells adapters of typing and reads without the outbox, and keeps their state across a restart', async () => {
    const archive = recorder('archive');
    const relay = await relayWith({ customAdapters: [archive.adapter] });
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'Hi');
    visitor.socket.send({ type: 'typing', isTyping: true });
    await eventually('the typing event', () => archive.live.some((event) => event.type === 'typing'));
    expect(archive.live[0]).toEqual({ type: 'typing', conversationId, isTyping: true, author: { role: 'visitor' } });
    visitor.socket.send({ type: 'read', seq: 1 });
    await eventually('the read event', () => archive.live.some((event) => event.type === 'read'));
    expect(archive.live.find((event) => event.type === 'read')).toEqual({ type: 'read', conversationId, seq: 1, by: 'visitor' });
    expect(archive.types()).not.toContain('typing');

    await archive.context().state.set(`desk:${conversationId}`, 'ticket-42');
    expect(await archive.context().state.get(`desk:${conversationId}`)).toBe('ticket-42');
    const again = recorder('archive');
    const restarted = await relay.restart({ customAdapters: [again.adapter] });
    cleanups.push(() => restarted.close());
    expect(await again.context().state.get(`desk:${conversationId}`)).toBe('ticket-42');
    await again.context().state.delete(`desk:${conversationId}`);
    expect(await again.context().state.get(`desk:${conversationId}`)).toBeUndefined();
    await expect(again.context().state.set('', 'x')).rejects.toThrow('a state key must be a string of 1 to 200 characters');
  });
});
