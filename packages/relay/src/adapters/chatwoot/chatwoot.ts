import type { Adapter } from '../adapter.js';
import { chatwootApi } from './chatwoot-api.js';
import type { ChatwootAdapterConfig } from './chatwoot-config.js';
import { chatwootDelivery } from './chatwoot-delivery.js';
import { chatwootInbound } from './chatwoot-inbound.js';

/**
 * The `chatwoot` adapter: a Chatwoot API-channel inbox answers Confab conversations
 * (docs/adapters/chatwoot.md). Each conversation becomes a contact and a conversation in the inbox,
 * the shopper's messages are posted as `incoming` (once per delivery, however often it is
 * attempted), and agents' public replies, typing and resolves come back through the inbox webhook
 * at `/v1/adapters/<name>/webhook`.
 * @example
 * chatwoot(parseChatwootConfig(new OptionReader({ type: 'chatwoot', baseUrl: 'https://desk.example', accountId: 1, inboxId: 4, apiAccessToken: '…' }, 'adapters[0]', CHATWOOT_OPTIONS, '.')));
 */
export function chatwoot(config: ChatwootAdapterConfig): Adapter {
  const api = chatwootApi({ baseUrl: config.baseUrl, apiAccessToken: config.apiAccessToken, accountId: config.accountId, timeoutMs: config.timeoutMs });
  const attempt = chatwootDelivery({ accountId: config.accountId, inboxId: config.inboxId, api });
  // Webhooks confirm messages with Chatwoot's API when unsigned; stopping the relay cuts those calls short.
  const stopping = new AbortController();
  return {
    name: config.name,
    attempt,
    routes: (app, context) =>
      chatwootInbound(app, context, {
        name: config.name,
        accountId: config.accountId,
        inboxId: config.inboxId,
        webhookSecret: config.webhookSecret,
        api,
        signal: stopping.signal,
      }),
    async close() {
      stopping.abort();
    },
  };
}
