import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  ID_PATTERN,
  array,
  boolean,
  integer,
  object,
  oneOf,
  optional,
  quickReplySchema,
  string,
  validateText,
  type Schema,
} from '@confab/protocol';
import type { AgentReply, ConversationService } from '../conversations.js';
import { AuthRejectedError, ConversationClosedError, NotFoundError, RequestInvalidError } from '../errors.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { QuickReplyService } from '../quick-replies.js';
import { parseBody, parseQuery } from '../request-input.js';
import { isSameSecret } from '../secrets.js';

/** Options of {@link agentApi}. */
export interface AgentApiOptions {
  conversations: ConversationService;
  outbox: OutboxService;
  quickReplies: QuickReplyService;
  agentToken: string;
}

/** Default and largest page sizes of the list and transcript endpoints. */
export const PAGE_LIMITS = { default: 50, max: 200 } as const;
/** The most quick replies a team can keep (the `quick-replies` frame carries at most 1000). */
export const MAX_QUICK_REPLIES = 1000;

// Quick replies are inserted into agent replies, so they obey the same text rules (no control
// characters, not blank); their length is already capped by the schema.
const QUICK_REPLY_MAX_TEXT = 4000;

const idSchema = string({ max: 64, pattern: ID_PATTERN, patternName: 'an id of 8 to 64 URL-safe characters (nanoid)' });
const authorNameSchema = string({ min: 1, max: 100 });
const pageLimit = integer({ min: 1, max: PAGE_LIMITS.max });

const listQuery = object({
  status: optional(oneOf(['open', 'closed', 'all'] as const)),
  limit: optional(pageLimit),
  before: optional(integer({ min: 0 })),
});
const transcriptQuery = object({
  after: optional(integer({ min: 0 })),
  before: optional(integer({ min: 1 })),
  limit: optional(pageLimit),
});
const replyBody = object({
  // The configured maxTextLength is applied by validateText(); this only bounds the JSON.
  // May be empty when the reply has attachments, products or buttons.
  text: string({ max: 1_000_000 }),
  id: optional(idSchema),
  authorName: optional(authorNameSchema),
  // Checked in depth by the conversation service (same rules as adapters' replies); these only bound the JSON.
  quickReplies: optional(array(string({ max: 1000 }), { max: 100 })),
  attachments: optional(array(idSchema, { max: 100 })),
  products: optional(array(unknownValue(), { max: 100 })),
  buttons: optional(array(unknownValue(), { max: 100 })),
});
const typingBody = object({ isTyping: boolean(), authorName: optional(authorNameSchema) });
const readBody = object({ seq: integer({ min: 0 }) });
const deliveriesQuery = object({
  state: optional(oneOf(['dead', 'pending'] as const)),
  adapter: optional(string({ min: 1, max: 32 })),
  limit: optional(pageLimit),
});
const quickReplyBody = object({ shortcut: quickReplySchema.shape.shortcut, text: quickReplySchema.shape.text });

type WithId = { Params: { id: string } };

/** Any JSON value, checked later by a schema of its own. */
function unknownValue(): Schema<unknown> {
  return { expected: 'a JSON value', parse: (value) => value };
}

/** The conversation or quick-reply id in the path; an id that cannot exist is simply not found. */
function pathId(request: FastifyRequest<WithId>, what: 'Conversation' | 'Quick reply'): string {
  const id = request.params.id;
  if (!ID_PATTERN.test(id)) throw new NotFoundError(`${what} ${JSON.stringify(id.slice(0, 64))} does not exist`);
  return id;
}

function conversationNotFound(id: string): InstanceType<typeof NotFoundError> {
  return new NotFoundError(`Conversation ${JSON.stringify(id)} does not exist`);
}

/**
 * The agent HTTP API under `/v1/agent` (docs/relay-api.md): conversations, transcripts, replies,
 * typing, read receipts, closing, quick replies. Every route needs `Authorization: Bearer <token>`.
 */
export const agentApi: FastifyPluginAsync<AgentApiOptions> = async (app, options) => {
  const { conversations, quickReplies, agentToken, outbox } = options;

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!match || !isSameSecret(match[1]!, agentToken)) {
      reply.header('www-authenticate', 'Bearer realm="confab-agent"');
      throw new AuthRejectedError(
        header === undefined
          ? 'Missing "Authorization: Bearer <agent token>" header'
          : 'The agent token was refused; use the token the relay was started with',
      );
    }
  });

  // An empty body with a JSON content type (curl -X POST -H 'content-type: application/json') is
  // no body rather than an error; bad JSON is CONFAB_REQUEST_INVALID.
  // The API speaks JSON only; other bodies get 415 instead of being read as text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new RequestInvalidError(`The request body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });

  app.get('/deliveries', async (request) => {
    const query = parseQuery(deliveriesQuery, request.query, ['limit']);
    const deliveries = await outbox.list({
      state: query.state ?? 'dead',
      limit: query.limit ?? PAGE_LIMITS.default,
      ...(query.adapter === undefined ? {} : { adapter: query.adapter }),
    });
    return { deliveries };
  });

  app.post<WithId>('/deliveries/:id/replay', async (request) => {
    const { id } = request.params;
    const delivery = ID_PATTERN.test(id) ? await outbox.replay(id) : undefined;
    if (!delivery) throw new NotFoundError(`No dead delivery ${JSON.stringify(id.slice(0, 64))}; list them with GET /v1/agent/deliveries?state=dead`);
    return delivery;
  });

  app.get('/conversations', async (request) => {
    const query = parseQuery(listQuery, request.query, ['limit', 'before']);
    return conversations.list({
      status: query.status ?? 'open',
      limit: query.limit ?? PAGE_LIMITS.default,
      ...(query.before === undefined ? {} : { before: query.before }),
    });
  });

  app.get<WithId>('/conversations/:id', async (request) => {
    const id = pathId(request, 'Conversation');
    const summary = await conversations.summary(id);
    if (!summary) throw conversationNotFound(id);
    return summary;
  });

  app.get<WithId>('/conversations/:id/messages', async (request) => {
    const id = pathId(request, 'Conversation');
    const query = parseQuery(transcriptQuery, request.query, ['after', 'before', 'limit']);
    const page = await conversations.transcript(id, {
      limit: query.limit ?? PAGE_LIMITS.default,
      ...(query.after === undefined ? {} : { after: query.after }),
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    if (!page) throw conversationNotFound(id);
    return page;
  });

  app.post<WithId>('/conversations/:id/messages', async (request, reply) => {
    const id = pathId(request, 'Conversation');
    const body = parseBody(replyBody, request.body);
    const outcome = await conversations.postAgentMessage(id, body as AgentReply);
    if (outcome.kind === 'missing') throw conversationNotFound(id);
    if (outcome.kind === 'closed') throw new ConversationClosedError(id);
    reply.code(outcome.value.duplicate ? 200 : 201);
    return outcome.value.message;
  });

  app.post<WithId>('/conversations/:id/typing', async (request, reply) => {
    const id = pathId(request, 'Conversation');
    const body = parseBody(typingBody, request.body);
    const outcome = await conversations.agentTyping(id, body.isTyping, body.authorName);
    if (outcome.kind === 'missing') throw conversationNotFound(id);
    if (outcome.kind === 'closed') throw new ConversationClosedError(id);
    return reply.code(204).send();
  });

  app.post<WithId>('/conversations/:id/read', async (request, reply) => {
    const id = pathId(request, 'Conversation');
    const body = parseBody(readBody, request.body);
    const outcome = await conversations.markAgentRead(id, body.seq);
    if (outcome.kind === 'missing') throw conversationNotFound(id);
    return reply.code(204).send();
  });

  app.post<WithId>('/conversations/:id/close', async (request) => {
    const id = pathId(request, 'Conversation');
    const summary = await conversations.close(id);
    if (!summary) throw conversationNotFound(id);
    return summary;
  });

  app.get('/quick-replies', async () => ({ quickReplies: await quickReplies.list() }));

  app.post('/quick-replies', async (request, reply) => {
    const body = parseBody(quickReplyBody, request.body);
    validateText(body.text, QUICK_REPLY_MAX_TEXT);
    if ((await quickReplies.list()).length >= MAX_QUICK_REPLIES) {
      throw new RequestInvalidError(`A team can keep at most ${MAX_QUICK_REPLIES} quick replies; delete some first`);
    }
    reply.code(201);
    return quickReplies.create(body);
  });

  app.put<WithId>('/quick-replies/:id', async (request) => {
    const id = pathId(request, 'Quick reply');
    const body = parseBody(quickReplyBody, request.body);
    validateText(body.text, QUICK_REPLY_MAX_TEXT);
    const updated = await quickReplies.update(id, body);
    if (!updated) throw new NotFoundError(`Quick reply ${JSON.stringify(id)} does not exist`);
    return updated;
  });

  app.delete<WithId>('/quick-replies/:id', async (request, reply) => {
    const id = pathId(request, 'Quick reply');
    if (!(await quickReplies.remove(id))) throw new NotFoundError(`Quick reply ${JSON.stringify(id)} does not exist`);
    return reply.code(204).send();
  });
};
