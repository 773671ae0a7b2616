import { AgentApiError, type OutboxDelivery } from '../api-client.js';
import { describe, expect, it, vi } from 'vitest';
import type { DeliverySource } from './delivery-list.js';
import { zhCN } from '../strings.js';
import { T0 } from '../test-support/fixtures.js';
import { $, $$, mount, record, text, update } from '../test-support/render.js';

function dead(id: string, overrides: Partial<OutboxDelivery> = {}): OutboxDelivery {
  return {
    deliveryId: id,
    adapter: 'chatwoot',
    conversationId: 'conv_kettle_7XQ2',
    event: { type: 'message', message: { text: 'Where is my order #1042?' } },
    state: 'dead',
    attempts: 8,
    nextAttemptAt: T0,
    lastError: 'HTTP 422',
    createdAt: T0,
    ...overrides,
  };
}

/** A source over a list of dead deliveries that a replay takes out, as the relay does. */
function fakeSource(deliveries: OutboxDelivery[], replay: (id: string) => Promise<void> = async () => {}): DeliverySource & { replayed: string[] } {
  const replayed: string[] = [];
  let held = [...deliveries];
  return {
    replayed,
    listDeadDeliveries: async () => held,
    replayDelivery: async (id) => {
      await replay(id);
      replayed.push(id);
      held = held.filter((delivery) => delivery.deliveryId !== id);
    },
  };
}

async function open(source: DeliverySource, properties: Record<string, unknown> = {}) {
  const view = await mount('confab-delivery-list', { source, ...properties });
  await update(view, { open: true });
  await vi.waitFor(() => expect($$(view, '[data-testid="delivery-item"], [data-testid="no-deliveries"], [data-testid="deliveries-error"]').length).toBeGreaterThan(0));
  return view;
}

describe('DeliveryList', () => {
  it('opens as a labelled modal dialog listing each dead delivery with where it went and why it failed', async () => {
    const view = await open(fakeSource([dead('dlv_00000001'), dead('dlv_00000002', { adapter: 'slack', event: { type: 'handover' }, attempts: 1, lastError: 'not_in_channel' })]));
    const dialog = $<HTMLDialogElement>(view, 'dialog');
    expect(dialog.open).toBe(true);
    expect(text(view.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!))).toBe('Failed deliveries');
    const items = $$(view, '[data-testid="delivery-item"]');
    expect(items.map((item) => item.dataset.deliveryId)).toEqual(['dlv_00000001', 'dlv_00000002']);
    expect(text(items[0]!)).toContain('Where is my order #1042?');
    expect(text(items[0]!)).toContain('HTTP 422 · 8 attempts');
    expect(text(items[0]!)).toContain('Visitor 7XQ2');
    expect(text(items[1]!)).toContain('Hand-over');
    expect(text(items[1]!)).toContain('not_in_channel · 1 attempt');
    expect($$(view, '[data-testid="replay-delivery"]').map((button) => button.getAttribute('aria-label'))).toEqual([
      'Replay: Message → chatwoot',
      'Replay: Hand-over → slack',
    ]);
  });

  it('replays one delivery, says so, and shows the list without it after a refresh', async () => {
    const source = fakeSource([dead('dlv_00000001'), dead('dlv_00000002')]);
    const view = await open(source);
    $<HTMLButtonElement>(view, '[data-delivery-id="dlv_00000002"] [data-testid="replay-delivery"]').click();
    await vi.waitFor(() => expect($$(view, '[data-testid="delivery-replayed"]')).toHaveLength(1));
    expect(source.replayed).toEqual(['dlv_00000002']);
    expect(text($(view, '[data-delivery-id="dlv_00000002"] [data-testid="delivery-replayed"]'))).toBe('Sent again');
    $<HTMLButtonElement>(view, '[data-testid="refresh-deliveries"]').click();
    await vi.waitFor(() => expect($$(view, '[data-testid="delivery-item"]').map((item) => item.dataset.deliveryId)).toEqual(['dlv_00000001']));
  });

  it('shows why a replay failed and keeps the button to try again', async () => {
    const source = fakeSource([dead('dlv_00000001')], async () => {
      throw new AgentApiError('CONFAB_NOT_FOUND', 'No dead delivery', 404);
    });
    const view = await open(source);
    $<HTMLButtonElement>(view, '[data-testid="replay-delivery"]').click();
    await vi.waitFor(() => expect(text($(view, '[role="alert"]'))).toBe('The delivery was not replayed. (CONFAB_NOT_FOUND)'));
    expect($<HTMLButtonElement>(view, '[data-testid="replay-delivery"]').disabled).toBe(false);
  });

  it('says when nothing failed, and when the list could not be loaded', async () => {
    const empty = await open(fakeSource([]), { strings: zhCN });
    expect(text($(empty, '[data-testid="no-deliveries"]'))).toBe('没有失败的投递，所有事件均已送达。');
    const broken = await open({
      listDeadDeliveries: async () => {
        throw new AgentApiError('CONFAB_INTERNAL', 'boom', 500);
      },
      replayDelivery: async () => {},
    });
    expect(text($(broken, '[data-testid="deliveries-error"]'))).toBe('Could not load the failed deliveries. (CONFAB_INTERNAL)');
  });

  it('tells the console when it was closed', async () => {
    const view = await open(fakeSource([]));
    const closes = record(view, 'confab-close-deliveries');
    $<HTMLButtonElement>(view, '[data-testid="close-deliveries"]').click();
    await vi.waitFor(() => expect(closes).toHaveLength(1));
    expect($<HTMLDialogElement>(view, 'dialog').open).toBe(false);
  });
});
