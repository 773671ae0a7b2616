import { createHash } from 'node:crypto';
import { SchemaViolation, array, linkButtonSchema, productContextSchema, type LinkButton, type ProductContext, type Schema } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConversationClosedError, NotFoundError, RequestInvalidError } from '../../errors.js';
import type { AdapterContext } from '../adapter.js';
import { verifyWebhook } from '../standard-webhooks.js';

/**
 * The message id of an inbound delivery: derived from the sender's `webhook-id`, so a callback
 * delivered twice (a retry, a replay) is stored once and answered with the same message.
 */
export function inboundMessageId(adapter: string, webhookId: string): string {
  return createHash('sha256').update(`${adapter}\n${webhookId}`).digest('base64url').slice(0, 32);
}

type Fields = Record<string, unknown>;

function conversationIdOf(body: Fields): string {
  const id = body['conversationId'];
  if (typeof id !== 'string' || id === '') throw new RequestInvalidError('conversationId must be a non-empty string');
  return id;
}

function authorNameOf(body: Fields): { authorName?: string } {
  const name = body['authorName'];
  if (name === undefined) return {};
  if (typeof name !== 'string' || name.length === 0 || name.length > 80) {
    throw new RequestInvalidError('authorName, when given, must be a string of 1 to 80 characters');
  }
  return { authorName: name };
}

/** Reads an optional list field with a protocol schema; a bad one is a 400 naming the field. */
function optionalList<T>(body: Fields, field: string, schema: Schema<T[]>): { value?: T[] } {
  const value = body[field];
  if (value === undefined) return {};
  try {
    return { value: schema.parse(value, field) };
  } catch (error) {
    if (error instanceof SchemaViolation) throw new RequestInvalidError(error.message);
    throw error;
  }
}

/**
 * The optional parts of a reply besides its text: upload ids, product cards and link buttons.
 * Their shapes are checked here; the relay checks the rest (upload ids of this conversation, link
 * schemes) and answers 400 `CONFAB_REQUEST_INVALID` naming what it refused.
 */
function richPartsOf(body: Fields): { attachments?: string[]; products?: ProductContext[]; buttons?: LinkButton[] } {
  const attachments = body['attachments'];
  if (attachments !== undefined && !(Array.isArray(attachments) && attachments.every((id): id is string => typeof id === 'string'))) {
    throw new RequestInvalidError('attachments, when given, must be a list of upload ids (from POST /v1/uploads?conversationId=…)');
  }
  const products = optionalList<ProductContext>(body, 'products', array(productContextSchema, { max: 10 })).value;
  const buttons = optionalList<LinkButton>(body, 'buttons', array(linkButtonSchema, { max: 5 })).value;
  return {
    ...(attachments === undefined ? {} : { attachments }),
    ...(products === undefined ? {} : { products }),
    ...(buttons === undefined ? {} : { buttons }),
  };
}

function missing(conversationId: string): InstanceType<typeof NotFoundError> {
  return new NotFoundError(`No conversation ${JSON.stringify(conversationId)}`);
}

/** Verifies a signed callback and parses its body; throws 401 CONFAB_SIGNATURE_INVALID or 400. */
function signedBody(request: FastifyRequest, secrets: readonly string[]): { webhookId: string; body: Fields } {
  const raw = typeof request.body === 'string' ? request.body : '';
  const { id } = verifyWebhook({ headers: request.headers, body: raw, secrets });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    throw new RequestInvalidError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestInvalidError('The body must be a JSON object such as { "conversationId": "…", "text": "Yes, size M is in stock." }');
  }
  return { webhookId: id, body: body as Fields };
}

/**
 * The webhook adapter's callbacks, each signed (Standard Webhooks) with one of `secrets`:
 * `POST messages` (a reply, with optional files, product cards and link buttons, stored once per
 * webhook-id), `POST typing` and `POST close`.
 */
export async function webhookInbound(app: FastifyInstance, context: AdapterContext, options: { name: string; secrets: readonly string[] }): Promise<void> {
  // The signature covers the exact bytes sent, so the body is verified as text, then parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const { conversations } = context;

  app.post('/messages', async (request, reply) => {
    const { webhookId, body } = signedBody(request, options.secrets);
    const conversationId = conversationIdOf(body);
    if (typeof body['text'] !== 'string') throw new RequestInvalidError('text must be a string');
    const role = body['role'] ?? 'agent';
    if (role !== 'agent' && role !== 'bot') throw new RequestInvalidError('role, when given, must be "agent" or "bot"');
    const quickReplies = body['quickReplies'];
    if (quickReplies !== undefined && !(Array.isArray(quickReplies) && quickReplies.every((text) => typeof text === 'string'))) {
      throw new RequestInvalidError('quickReplies, when given, must be a list of texts');
    }
    const outcome = await conversations.postMessage(conversationId, {
      id: inboundMessageId(options.name, webhookId),
      text: body['text'],
      role,
      ...(quickReplies === undefined ? {} : { quickReplies: quickReplies as string[] }),
      ...richPartsOf(body),
      ...authorNameOf(body),
    });
    if (outcome.kind === 'missing') throw missing(conversationId);
    if (outcome.kind === 'closed') throw new ConversationClosedError(conversationId);
    reply.code(outcome.value.duplicate ? 200 : 201);
    return outcome.value.message;
  });

  app.post('/typing', async (request, reply) => {
    const { body } = signedBody(request, options.secrets);
    const conversationId = conversationIdOf(body);
    if (typeof body['isTyping'] !== 'boolean') throw new RequestInvalidError('isTyping must be true or false');
    const outcome = await conversations.typing(conversationId, body['isTyping'], authorNameOf(body).authorName);
    if (outcome.kind === 'missing') throw missing(conversationId);
    if (outcome.kind === 'closed') throw new ConversationClosedError(conversationId);
    reply.code(204);
  });

  app.post('/close', async (request) => {
    const { body } = signedBody(request, options.secrets);
    const conversationId = conversationIdOf(body);
    const summary = await conversations.close(conversationId);
    if (!summary) throw missing(conversationId);
    return summary;
  });
}
