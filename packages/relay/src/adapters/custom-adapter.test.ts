import { afterEach, describe, expect, it } from 'vitest';
import { createId } from '@confab/protocol';
import { createRelay } from '../app.js';
import { eventually, startTestRelay } from '../test-support/relay.js';
import { sendMessage } from '../test-support/socket.js';
import type { Adapter, AdapterDelivery } from './adapter.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('an adapter of your own (customAdapters)', () => {
  it('gets each visitor message through the outbox and answers the shopper through its own route', async () => {
    const seen: AdapterDelivery[] = [];
    let failures = 1;
    const echoBot: Adapter = {
      name: 'echo-bot',
      async attempt(delivery) {
        seen.push(delivery);
        if (delivery.event.type === 'message' && failures-- > 0) return { kind: 'retry', reason: 'warming up' };
        return { kind: 'delivered' };
      },
      async routes(app, context) {
        app.post<{ Body: { conversationId: string; text: string } }>('/answer', async (request) => {
          const outcome = await context.conversations.postMessage(request.body.conversationId, { text: request.body.text, authorName: 'Echo' });
          return outcome.kind === 'done' ? outcome.value.message : { failed: outcome.kind };
        });
      },
    };
    const relay = await startTestRelay({ customAdapters: [echoBot] });
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor();
    const ack = await sendMessage(visitor, createId(), 'ping');
    await eventually('a retried delivery', () => seen.length >= 3);
    const messageOf = (delivery: AdapterDelivery) => (delivery.event.type === 'message' ? delivery.event.message.seq : undefined);
    // The conversation's first message is announced by conversation-started, then retried until taken.
    expect(seen.map((delivery) => [delivery.event.type, delivery.attempts, messageOf(delivery)])).toEqual([
      ['conversation-started', 0, undefined],
      ['message', 0, ack.seq],
      ['message', 1, ack.seq],
    ]);
    expect(seen[1]!.deliveryId).toBe(seen[2]!.deliveryId);

    const answer = await fetch(`${relay.baseUrl}/v1/adapters/echo-bot/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: visitor.welcome.conversationId, text: 'pong' }),
    });
    expect(await answer.json()).toMatchObject({ seq: 2, text: 'pong', author: { role: 'agent', name: 'Echo' } });
    expect((await visitor.socket.waitFor('message', (frame) => frame.message.text === 'pong')).message.seq).toBe(2);

    // Closing is an event too, delivered once, after the conversation's messages; the adapter's own
    // reply is not sent back to it.
    const conversationId = visitor.welcome.conversationId;
    expect((await relay.api('POST', `/v1/agent/conversations/${conversationId}/close`)).status).toBe(200);
    expect((await relay.api('POST', `/v1/agent/conversations/${conversationId}/close`)).status).toBe(200);
    await eventually('the status delivery', () => seen.some((delivery) => delivery.event.type === 'status'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.map((delivery) => delivery.event.type)).toEqual(['conversation-started', 'message', 'message', 'status']);
    expect(seen[3]!.event).toEqual({ type: 'status', conversationId, status: 'closed' });
  });

  it('refuses adapters without a usable name or attempt method, and names used twice', async () => {
    const attempt = async () => ({ kind: 'delivered' as const });
    const cases: [unknown, string][] = [
      [[{ name: 'Bad Name', attempt }], 'options.customAdapters[0].name "Bad Name" is not a name'],
      [[{ name: 'bot' }], 'options.customAdapters[0] is not an adapter'],
      [[{ name: 'bot', attempt }, { name: 'bot', attempt }], 'options.customAdapters[1].name "bot" is already used by another adapter'],
      [{ name: 'bot', attempt }, 'options.customAdapters must be an array of adapters'],
    ];
    for (const [customAdapters, message] of cases) {
      await expect(createRelay({ logLevel: 'silent', agentToken: 'custom-adapter-test-token-0123', customAdapters: customAdapters as Adapter[] })).rejects.toMatchObject({
        code: 'CONFAB_CONFIG_INVALID',
        message: expect.stringContaining(message),
      });
    }
  });
});
