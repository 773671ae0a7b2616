import { createId } from '@confab/protocol';
import type { Adapter } from '../adapter.js';
import type { WebhookAdapterConfig } from './webhook-config.js';
import { webhookDelivery } from './webhook-delivery.js';
import { webhookInbound } from './webhook-inbound.js';

/** Live events (typing, read) wait this long at most: a later one supersedes them anyway. */
const LIVE_EVENT_TIMEOUT_MS = 3000;

/**
 * The `webhook` adapter: each event goes out as a signed POST (Standard Webhooks) through the
 * outbox, typing and read receipts as one signed POST each (not retried), and the backend answers
 * with signed POSTs to `/v1/adapters/<name>/messages`, `typing` and `close` (docs/adapters/webhook.md).
 */
export function webhook(config: WebhookAdapterConfig): Adapter {
  const delivery = webhookDelivery({ name: config.name, url: config.url, secrets: config.secrets, timeoutMs: config.timeoutMs });
  const live = webhookDelivery({ name: config.name, url: config.url, secrets: config.secrets, timeoutMs: Math.min(config.timeoutMs, LIVE_EVENT_TIMEOUT_MS) });
  const stopping = new AbortController();
  return {
    ...delivery,
    notify(event, context) {
      void live.attempt({ deliveryId: `live_${createId()}`, createdAt: Date.now(), event }, { signal: stopping.signal }).then((outcome) => {
        if (outcome.kind !== 'delivered') context.log.debug({ type: event.type, reason: outcome.reason }, 'live event not delivered (not retried)');
      });
    },
    routes: (app, context) => webhookInbound(app, context, { name: config.name, secrets: config.inboundSecrets }),
    async close() {
      stopping.abort();
    },
  };
}
