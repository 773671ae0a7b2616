import type { Adapter, AdapterDelivery } from '@confab/relay';
import { createClient, memoryStorage, type ChatClient } from '@confab/client';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { eventually, startRelay, type RunningRelay } from './support/relay.js';

/** A bot that hands every conversation to the agents as soon as the shopper writes. */
function handingOverBot(): Adapter {
  return {
    name: 'bot',
    async attempt(delivery: AdapterDelivery, context) {
      if (delivery.event.type === 'message' && delivery.event.message.author.role === 'visitor') {
        await context.conversations.handOver(delivery.conversationId, 'the shopper asked for a person');
      }
      return { kind: 'delivered' };
    },
  };
}

/** A helpdesk mirror that refuses every message for good until it is told to take them. */
function refusingDesk() {
  const received: string[] = [];
  let isAccepting = false;
  const adapter: Adapter = {
    name: 'desk',
    async attempt(delivery) {
      if (delivery.event.type !== 'message') return { kind: 'delivered' };
      if (!isAccepting) return { kind: 'rejected', reason: 'HTTP 422 inbox is archived' };
      received.push(delivery.deliveryId);
      return { kind: 'delivered' };
    },
  };
  return { adapter, received, accept: () => (isAccepting = true) };
}

let relay: RunningRelay;
let browser: Browser;
let agent: Page;
let shopper: ChatClient;
const desk = refusingDesk();
const pageErrors: string[] = [];

beforeAll(async () => {
  relay = await startRelay({ customAdapters: [handingOverBot(), desk.adapter], routing: { chain: ['bot', 'console'] } });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  agent = await context.newPage();
  agent.on('pageerror', (error) => pageErrors.push(error.message));
  shopper = createClient({ url: relay.baseUrl, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, storage: memoryStorage() });
  await eventually('the shopper connected', () => shopper.conversationId);
});

afterAll(async () => {
  shopper?.close();
  await browser?.close();
  await relay?.remove();
});

describe('console with routing and the outbox', () => {
  it('flags a conversation the bot handed over as needing a person', async () => {
    await shopper.send('I want to talk to a person about my order');
    await agent.goto(`${relay.baseUrl}/console/#token=${relay.agentToken}`);
    await agent.getByTestId('sign-in-name').fill('Mei');
    await agent.getByTestId('sign-in-submit').click();
    const badge = agent.getByTestId('responder-badge');
    await badge.filter({ hasText: 'Needs a person' }).waitFor();
    await agent.getByTestId('conversation-item').first().click();
    await agent.getByTestId('responder').filter({ hasText: 'Needs a person' }).waitFor();
  });

  it('lists the delivery the helpdesk refused and replays it once, with the same delivery id', async () => {
    const dead = await eventually('the refused delivery', async () => {
      const { deliveries } = await relay.api<{ deliveries: { deliveryId: string }[] }>('GET', '/v1/agent/deliveries?state=dead');
      return deliveries.length === 1 ? deliveries[0] : undefined;
    });
    await agent.getByTestId('open-deliveries').click();
    const item = agent.getByTestId('delivery-item');
    await item.filter({ hasText: 'I want to talk to a person about my order' }).waitFor();
    await expect(item.textContent()).resolves.toContain('HTTP 422 inbox is archived');
    desk.accept();
    await agent.getByRole('button', { name: 'Replay: Message → desk' }).click();
    await agent.getByTestId('delivery-replayed').waitFor();
    await eventually('the replayed delivery at the helpdesk', () => desk.received.length === 1);
    expect(desk.received).toEqual([dead.deliveryId]);
    await agent.getByTestId('refresh-deliveries').click();
    await agent.getByTestId('no-deliveries').waitFor();
    // Escape closes the dialog and focus goes back to the button that opened it.
    await agent.keyboard.press('Escape');
    await expect(agent.evaluate(() => document.querySelector('confab-console')?.shadowRoot?.activeElement?.id)).resolves.toBe('open-deliveries');
    expect(pageErrors).toEqual([]);
  });
});
