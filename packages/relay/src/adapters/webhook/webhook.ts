import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

import { ConversationClosedError, NotFoundError, RequestInvalidError } from '../../errors.js';
import type { Adapter, AdapterContext } from '../adapter.js';
import type { WebhookAdapterConfig } from '../adapter-config.js';
import { verifyWebhook } from '../standard-webhooks.js';
import { webhookDelivery } from './webhook-delivery.js';

/** What a backend POSTs to `/v1/adapters/<name>/messages` to answer a shopper. */
interface InboundReply {
  conversationId: string;
  text: string;
  authorName?: string;
}

function parseReply(body: unknown): InboundReply {
  const value = body as Record<string, unknown> | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RequestInvalidError('The body must be a JSON object such as { "conversationId": "…", "text": "Yes, size M is in stock." }');
  }
  if (typeof value['conversationId'] !== 'string' || value['conversationId'] === '') throw new RequestInvalidError('conversationId must be a non-empty string');
  if (typeof value['text'] !== 'string') throw new RequestInvalidError('text must be a string');
  if (value['authorName'] !== undefined && (typeof value['authorName'] !== 'string' || value['authorName'].length > 80)) {
    throw new RequestInvalidError('authorName, when given, must be a string of at most 80 characters');
  }
  const reply: InboundReply = { conversationId: value['conversationId'], text: value['text'] };
  if (typeof value['authorName'] === 'string') reply.authorName = value['authorName'];
  return reply;
}

/**
 * The message id of an inbound delivery: derived from the sender's `webhook-id`, so a callback
 * delivered twice (a retry, a replay) is stored once and answered with the same message.
 */
export function inboundMessageId(adapter: string, webhookId: string): string {
  return createHash('sha256').update(`${adapter}\n${webhookId}`).digest('base64url').slice(0, 32);
}

/**
 * The `webhook` adapter: each visitor message goes out as a signed POST (Standard Webhooks)
 * through the outbox, and the backend answers by POSTing signed replies to
 * `/v1/adapters/<name>/messages` (docs/adapters/webhook.md).
 */
export function webhook(config: WebhookAdapterConfig): Adapter {
  const delivery = webhookDelivery({ name: config.name, url: config.url, secrets: config.secrets, timeoutMs: config.timeoutMs });
  return {
    name: config.name,
    attempt: (entry) => delivery.attempt(entry),
    async routes(app: FastifyInstance, context: AdapterContext) {
      // The signature covers the exact bytes sent, so the body is verified as text, then parsed.
      app.removeAllContentTypeParsers();
      app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      app.post('/messages', async (request, reply) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const { id } = verifyWebhook({ headers: request.headers, body: raw, secrets: config.inboundSecrets });
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch (error) {
          throw new RequestInvalidError(`The request body is not valid JSON: ${(error as Error).message}`);
        }
        const input = parseReply(body);
        const outcome = await context.conversations.postAgentMessage(input.conversationId, {
          id: inboundMessageId(config.name, id),
          text: input.text,
          ...(input.authorName === undefined ? {} : { authorName: input.authorName }),
        });
        if (outcome.kind === 'missing') throw new NotFoundError(`No conversation ${JSON.stringify(input.conversationId)}`);
        if (outcome.kind === 'closed') throw new ConversationClosedError(input.conversationId);
        reply.code(outcome.value.duplicate ? 200 : 201);
        return outcome.value.message;
      });
    },
  };
}

