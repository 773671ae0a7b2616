import type { Adapter } from '../adapter.js';
import type { WebhookAdapterConfig } from '../adapter-config.js';
import { webhookDelivery } from './webhook-delivery.js';
import { webhookInbound } from './webhook-inbound.js';

/**
 * The `webhook` adapter: each event goes out as a signed POST (Standard Webhooks) through the
 * outbox, and the backend answers with signed POSTs to `/v1/adapters/<name>/messages`, `typing`
 * and `close` (docs/adapters/webhook.md).
 */
export function webhook(config: WebhookAdapterConfig): Adapter {
  return {
    ...webhookDelivery({ name: config.name, url: config.url, secrets: config.secrets, timeoutMs: config.timeoutMs }),
    routes: (app, context) => webhookInbound(app, context, { name: config.name, secrets: config.inboundSecrets }),
  };
}
