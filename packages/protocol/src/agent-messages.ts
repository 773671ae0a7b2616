import {
  authorSchema,
  chatMessageSchema,
  CONVERSATION_STATUSES,
  frameSchemas,
  idSchema,
  visitorContextSchema,
  type UnionOf,
} from './messages.js';
import { versionsSchema } from './client-messages.js';
import { array, boolean, integer, object, oneOf, optional, record, string, type Infer } from './schema.js';


/** Schema of {@link ConversationSummary}. */
export const conversationSummarySchema = object({
  id: idSchema,
  status: oneOf(CONVERSATION_STATUSES),
  createdAt: integer(),
  updatedAt: integer(),
  /** Highest `seq` in the conversation (0 when empty). */
  lastSeq: integer(),
  /** Visitor messages the agents have not read yet. */
  unreadCount: integer(),
  /** The shopper has read up to this `seq`. */
  visitorLastReadSeq: integer(),
  /** The agents have read up to this `seq`. */
  agentLastReadSeq: integer(),
  /** Whether at least one of the shopper's tabs is connected right now. */
  visitorOnline: boolean(),
  lastMessage: optional(chatMessageSchema),
  context: visitorContextSchema,
  /** Who answers the conversation now (an adapter's name, such as "faq" or "console"), when routing is configured. */
  responder: optional(string({ max: 32 })),
  /** The email the shopper left to be answered at. */
  email: optional(string({ max: 254 })),
  /** The shopper's rating (CSAT 1 to 5) and comment, once given. */
  rating: optional(object({ score: integer({ min: 1, max: 5 }), comment: optional(string({ max: 2000 })) })),
  /** Who the shopper is, from the shop's login (`identify()`); `isVerified` when the relay checked the hash or JWT. */
  identity: optional(
    object({
      userId: string({ min: 1, max: 200 }),
      name: optional(string({ max: 100 })),
      email: optional(string({ max: 254 })),
      isVerified: boolean(),
    }),
  ),
  /** The shopper's answers to the pre-chat form, by field key. */
  profile: optional(record(string({ max: 500 }), { maxEntries: 10, maxKeyLength: 64 })),
});
/** One row of the agent's conversation list; also sent live on the agent stream. */
export type ConversationSummary = Infer<typeof conversationSummarySchema>;

/** Schema of {@link QuickReply}. */
export const quickReplySchema = object({
  id: idSchema,
  /** What the agent types after `/` to insert it, e.g. "shipping". */
  shortcut: string({ min: 1, max: 32, pattern: /^[\p{L}\p{N}_-]{1,32}$/u, patternName: 'a shortcut of 1 to 32 letters, digits, "_" or "-"' }),
  text: string({ min: 1, max: 4000 }),
  updatedAt: integer(),
});
/** A canned answer the team edits in the console. */
export type QuickReply = Infer<typeof quickReplySchema>;

/** Frames an agent client sends on the agent stream, by `type`. */
export const agentClientMessageSchemas = frameSchemas({
  /** First frame: the versions spoken and the agent token. */
  hello: { versions: versionsSchema, token: string({ min: 1, max: 512 }) },
  ping: { nonce: optional(string({ max: 64 })) },
});

/** Frames the relay sends on the agent stream, by `type`. */
export const agentServerMessageSchemas = frameSchemas({
  welcome: { version: integer({ min: 1 }), heartbeatMs: integer({ min: 1000 }) },
  /** A conversation was created or changed (new message, read, status, context, presence). */
  conversation: { conversation: conversationSummarySchema },
  message: { conversationId: idSchema, message: chatMessageSchema },
  typing: { conversationId: idSchema, isTyping: boolean(), author: authorSchema },
  read: {
    conversationId: idSchema,
    seq: integer(),
    by: oneOf(['visitor', 'agent'] as const),
  },
  /** The quick replies changed; fetch them again. */
  'quick-replies': { quickReplies: array(quickReplySchema, { max: 1000 }) },
  pong: { nonce: optional(string({ max: 64 })) },
  error: { code: string({ max: 64 }), message: string({ max: 2000 }) },
});

/** Any frame an agent client sends. */
export type AgentClientMessage = UnionOf<typeof agentClientMessageSchemas>;
/** Any frame the relay sends on the agent stream. */
export type AgentServerMessage = UnionOf<typeof agentServerMessageSchemas>;
/** The agent-stream frame with the given `type`. */
export type AgentServerMessageOf<T extends AgentServerMessage['type']> = Extract<AgentServerMessage, { type: T }>;

/** A page of a transcript from `GET /v1/agent/conversations/:id/messages`. */
export interface TranscriptPage {
  messages: Infer<typeof chatMessageSchema>[];
  /** Whether more messages exist beyond this page in the direction asked for. */
  hasMore: boolean;
}

/** The body of every HTTP error response from the relay. */
export interface HttpErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}
