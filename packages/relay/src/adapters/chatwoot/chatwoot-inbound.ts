import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConversationClosedError, httpErrorBody, NotFoundError, RequestInvalidError } from '../../errors.js';
import type { Clock } from '../../rate-limit.js';
import type { AdapterContext, AdapterReply } from '../adapter.js';
import { ChatwootApiError, type ChatwootApi, type ChatwootMessage } from './chatwoot-api.js';
import { ChatwootLinks } from './chatwoot-links.js';
import { agentReplyOf, messageTypeOf, replyIdOf } from './chatwoot-payload.js';
import { verifyChatwootWebhook } from './chatwoot-signature.js';

/** Options of {@link chatwootInbound}. */
export interface ChatwootInboundOptions {
  /** The adapter's name: part of each reply's id. */
  name: string;
  accountId: number;
  inboxId: number;
  /** When set, only signed webhooks are taken; otherwise each one is confirmed with the API. */
  webhookSecret: string | undefined;
  api: ChatwootApi;
  /** Aborts API calls in flight when the relay stops. */
  signal: AbortSignal;
  /** @default Date.now */
  now?: Clock;
}

/** What the relay answers Chatwoot: what it did with the webhook (Chatwoot only looks at the status). */
export interface ChatwootWebhookResult {
  result: 'shown' | 'duplicate' | 'closed' | 'typing' | 'ignored';
  reason?: string;
  /** The Confab message shown to the shopper. */
  messageId?: string;
}

type Fields = Record<string, unknown>;
type Handled = { status: number; body: ChatwootWebhookResult };

/** How many recent `X-Chatwoot-Delivery` ids are remembered to answer a redelivery at once. */
const RECENT_DELIVERIES = 1000;

function fieldsOf(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function idOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

function ignored(reason: string): Handled {
  return { status: 200, body: { result: 'ignored', reason } };
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `changed_attributes` is a list of `{ "<name>": { previous_value, current_value } }`. */
function changedStatus(changes: unknown): string | undefined {
  if (!Array.isArray(changes)) return undefined;
  for (const change of changes) {
    const status = fieldsOf(fieldsOf(change)?.['status']);
    if (status && typeof status['current_value'] === 'string') return status['current_value'];
  }
  return undefined;
}

/**
 * The chatwoot adapter's webhook, `POST /v1/adapters/<name>/webhook`, for the API inbox's
 * webhook URL (or an account webhook). Every delivery is treated as possibly duplicated,
 * reordered or forged: with a `webhookSecret` the signature and its timestamp are checked (401
 * otherwise), without one each message and status is confirmed with Chatwoot's API before it is
 * acted on. Public `outgoing` messages reach the shopper, once per Chatwoot message id; incoming
 * ones (the relay's own echo), private notes, activity and template messages never do.
 * `resolved` closes the Confab conversation, after showing the last reply if its own webhook has
 * not arrived yet; agents' typing is shown too. Other events are answered 200 and ignored.
 */
export async function chatwootInbound(app: FastifyInstance, context: AdapterContext, options: ChatwootInboundOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const { api, signal } = options;
  const { conversations } = context;
  const links = new ChatwootLinks(context.state);
  const isSigned = options.webhookSecret !== undefined;
  const recent = new Set<string>();
  if (!isSigned) context.log.warn('no webhookSecret: each Chatwoot webhook is confirmed with the Chatwoot API before it reaches a shopper; set webhookSecret to check signatures instead');

  function remember(deliveryId: string): void {
    recent.add(deliveryId);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (recent.size > RECENT_DELIVERIES) recent.delete(recent.values().next().value!);
  }

  function isOtherInbox(inboxId: unknown, accountId: unknown): boolean {
    const inbox = idOf(inboxId);
    const account = idOf(accountId);
    return (inbox !== undefined && inbox !== options.inboxId) || (account !== undefined && account !== options.accountId);
  }

  /**
   * The Confab conversation of a Chatwoot one: from the adapter's own map, or (signed webhooks
   * only, since the map may lag behind a webhook) from the custom attribute set when it was made.
   */
  async function confabIdOf(chatwootConversationId: number, conversation: Fields | undefined): Promise<string | undefined> {
    const mapped = await links.confabIdOf(chatwootConversationId);
    if (mapped !== undefined || !isSigned) return mapped;
    const attribute = fieldsOf(conversation?.['custom_attributes'])?.['confab_conversation_id'];
    return typeof attribute === 'string' && attribute !== '' ? attribute : undefined;
  }

  async function show(confabId: string, messageId: number, reply: Omit<AdapterReply, 'id'>): Promise<Handled> {
    const id = replyIdOf(options.name, options.accountId, messageId);
    const outcome = await conversations.postMessage(confabId, { ...reply, id });
    // A failed answer makes Chatwoot mark the agent's message as failed, which is what they should see.
    if (outcome.kind === 'missing') throw new NotFoundError(`No Confab conversation ${JSON.stringify(confabId)} for this Chatwoot conversation`);
    if (outcome.kind === 'closed') {
      // The resolve webhook can overtake the last reply's own, which then finds the conversation closed.
      const summary = await conversations.get(confabId);
      if (summary?.lastMessage?.id === id) return { status: 200, body: { result: 'duplicate', messageId: id } };
      throw new ConversationClosedError(confabId);
    }
    const { message, duplicate } = outcome.value;
    return { status: duplicate ? 200 : 201, body: { result: duplicate ? 'duplicate' : 'shown', messageId: message.id } };
  }

  async function onMessage(payload: Fields): Promise<Handled> {
    const conversation = fieldsOf(payload['conversation']);
    if (isOtherInbox(fieldsOf(payload['inbox'])?.['id'] ?? conversation?.['inbox_id'], fieldsOf(payload['account'])?.['id'])) return ignored('another inbox or account');
    const chatwootConversationId = idOf(conversation?.['id']);
    const messageId = idOf(payload['id']);
    if (chatwootConversationId === undefined || messageId === undefined) {
      throw new RequestInvalidError('A message_created webhook carries the message "id" and "conversation": { "id" }');
    }
    let verdict = agentReplyOf({ ...(payload as unknown as ChatwootMessage), id: messageId });
    if (verdict.kind === 'skip') return ignored(verdict.reason);
    if (!isSigned) {
      // Unsigned: only what Chatwoot itself says it holds is shown, so a forged webhook shows nothing.
      const held = (await api.listMessages(chatwootConversationId, signal)).find((message) => message.id === messageId);
      if (!held) return ignored('Chatwoot has no such message in that conversation');
      verdict = agentReplyOf(held);
      if (verdict.kind === 'skip') return ignored(verdict.reason);
    }
    const confabId = await confabIdOf(chatwootConversationId, conversation);
    if (confabId === undefined) return ignored('not a conversation this relay created');
    return show(confabId, messageId, verdict.reply);
  }

  /** The last public message of a conversation being resolved, whose own webhook may still be on its way. */
  async function lastReply(payload: Fields, chatwootConversationId: number): Promise<ChatwootMessage | undefined> {
    const candidates = isSigned
      ? (Array.isArray(payload['messages']) ? payload['messages'] : []).map(fieldsOf).filter((message): message is Fields => message !== undefined)
      : (await api.listMessages(chatwootConversationId, signal)).filter((message) => message.private !== true && messageTypeOf(message.message_type) !== 'activity').slice(-1);
    return candidates.map((message) => message as unknown as ChatwootMessage).find((message) => idOf(message.id) !== undefined);
  }

  async function onStatus(payload: Fields, event: string): Promise<Handled> {
    let status = event === 'conversation_status_changed' ? payload['status'] : changedStatus(payload['changed_attributes']);
    if (typeof status !== 'string') return ignored('no status change');
    const chatwootConversationId = idOf(payload['id']);
    if (chatwootConversationId === undefined) throw new RequestInvalidError(`A ${event} webhook carries the conversation's "id"`);
    let inboxId = payload['inbox_id'];
    if (!isSigned) {
      const current = await api.getConversation(chatwootConversationId, signal);
      status = current.status;
      inboxId = current.inbox_id;
    }
    if (isOtherInbox(inboxId, fieldsOf(payload['account'])?.['id'])) return ignored('another inbox or account');
    const confabId = await confabIdOf(chatwootConversationId, payload);
    if (confabId === undefined) return ignored('not a conversation this relay created');
    if (status !== 'resolved') return ignored(`status ${JSON.stringify(status)}: a Confab conversation reopens when the shopper writes again`);
    const last = await lastReply(payload, chatwootConversationId);
    const verdict = last && agentReplyOf(last);
    if (last && verdict?.kind === 'reply') {
      await show(confabId, idOf(last.id)!, verdict.reply).catch((error: unknown) => {
        context.log.warn({ err: error, conversationId: confabId }, 'could not show the last Chatwoot reply before closing');
      });
    }
    const summary = await conversations.close(confabId);
    if (!summary) throw new NotFoundError(`No Confab conversation ${JSON.stringify(confabId)} for this Chatwoot conversation`);
    return { status: 200, body: { result: 'closed' } };
  }

  async function onTyping(payload: Fields, isTyping: boolean): Promise<Handled> {
    if (payload['is_private'] === true) return ignored('typing a private note');
    const user = fieldsOf(payload['user']);
    if (typeof user?.['type'] === 'string' && user['type'] !== 'user') return ignored('not an agent typing');
    const conversation = fieldsOf(payload['conversation']);
    const chatwootConversationId = idOf(conversation?.['id']);
    if (chatwootConversationId === undefined) return ignored('no conversation');
    if (isOtherInbox(conversation?.['inbox_id'], fieldsOf(payload['account'])?.['id'])) return ignored('another inbox or account');
    const confabId = await confabIdOf(chatwootConversationId, conversation);
    if (confabId === undefined) return ignored('not a conversation this relay created');
    const name = typeof user?.['name'] === 'string' && user['name'].trim() !== '' ? user['name'].trim().slice(0, 80) : undefined;
    const outcome = await conversations.typing(confabId, isTyping, name);
    return outcome.kind === 'done' ? { status: 200, body: { result: 'typing' } } : ignored(`the conversation is ${outcome.kind}`);
  }

  function handle(payload: Fields): Promise<Handled> {
    const event = payload['event'];
    switch (event) {
      case 'message_created':
        return onMessage(payload);
      case 'conversation_status_changed':
      case 'conversation_updated':
        return onStatus(payload, event);
      case 'conversation_typing_on':
      case 'conversation_typing_off':
        return onTyping(payload, event === 'conversation_typing_on');
      default:
        return Promise.resolve(ignored(`event ${JSON.stringify(event)} is not used`));
    }
  }

  // The signature covers the exact bytes sent, so the body is verified as text, then parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/webhook', async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    if (options.webhookSecret !== undefined) {
      verifyChatwootWebhook({ headers: request.headers, body: raw, secret: options.webhookSecret, nowSeconds: Math.floor(now() / 1000) });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new RequestInvalidError(`The request body is not valid JSON: ${(error as Error).message}`);
    }
    const payload = fieldsOf(parsed);
    if (!payload) throw new RequestInvalidError('A Chatwoot webhook body is a JSON object such as { "event": "message_created", … }');
    const deliveryId = headerOf(request, 'x-chatwoot-delivery');
    if (deliveryId !== undefined && recent.has(deliveryId)) return reply.code(200).send({ result: 'duplicate', reason: 'this X-Chatwoot-Delivery was handled already' });
    let handled: Handled;
    try {
      handled = await handle(payload);
    } catch (error) {
      if (!(error instanceof ChatwootApiError)) throw error;
      // Confirming with Chatwoot failed; a 503 has Chatwoot try again. Chatwoot reads only the
      // status, and no protocol code names a failing backend, so the body says CONFAB_INTERNAL.
      request.log.warn({ reason: error.message }, 'could not confirm a Chatwoot webhook with its API');
      return reply.code(503).send(httpErrorBody(503, 'CONFAB_INTERNAL', `Could not confirm the webhook with Chatwoot: ${error.message}`));
    }
    if (deliveryId !== undefined) remember(deliveryId);
    if (handled.body.result === 'ignored') request.log.debug({ event: payload['event'], deliveryId, reason: handled.body.reason }, 'Chatwoot webhook ignored');
    return reply.code(handled.status).send(handled.body);
  });
}
