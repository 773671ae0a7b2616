import {
  EMAIL_PATTERN,
  frameSchemas,
  idSchema,
  requestIdSchema,
  seqSchema,
  TEXT_CAP,
  tokenSchema,
  visitorContextSchema,
  type UnionOf,
} from './messages.js';
import { array, boolean, integer, optional, record, string } from './schema.js';

// Kept apart from messages.ts so that browser bundles of the client, which only encode these
// frames, do not carry their schemas.

/** The protocol versions a client (a visitor's or an agent's) offers in `hello`. */
export const versionsSchema = array(integer({ min: 1, max: 1000 }), { min: 1, max: 16 });

/** Frames a visitor client sends on {@link VISITOR_SOCKET_PATH}, by `type`. */
export const clientMessageSchemas = frameSchemas({
  /** First frame: the versions the client speaks, and the session to resume if any. */
  hello: {
    versions: versionsSchema,
    token: optional(tokenSchema),
    /** Highest `seq` the client already has; the relay replays everything after it. */
    lastSeq: optional(seqSchema),
    context: optional(visitorContextSchema),
  },
  /** A new message from the shopper. Sent again with the same `id` after a reconnect. */
  message: {
    id: idSchema,
    /** May be empty when `attachments` is not. */
    text: string({ max: TEXT_CAP }),
    /** Ids of files uploaded to the relay first (`POST /v1/uploads`). */
    attachments: optional(array(idSchema, { max: 10 })),
  },
  typing: { isTyping: boolean() },
  /** The shopper has seen every message up to and including `seq`. */
  read: { seq: seqSchema },
  /** Replaces the visitor context (page changed, product changed, `setContext()`). */
  context: { context: visitorContextSchema },
  /** Asks for up to `limit` messages before `before` (or the newest ones). */
  history: {
    requestId: requestIdSchema,
    before: optional(integer({ min: 1 })),
    limit: optional(integer({ min: 1, max: 100 })),
  },
  /** The shopper leaves an email address to be answered at (offline); answered with `done`. */
  contact: {
    requestId: requestIdSchema,
    email: string({ min: 3, max: 254, pattern: EMAIL_PATTERN, patternName: 'an email address such as ana@example.com' }),
  },
  /** The shopper rates the conversation (CSAT, 1 to 5, with an optional comment); answered with `done`. */
  rate: {
    requestId: requestIdSchema,
    score: integer({ min: 1, max: 5 }),
    comment: optional(string({ max: 2000 })),
  },
  /**
   * Tells the relay who the shopper is, from the shop's login: `userId` with `hash` (the
   * HMAC-SHA256 of `userId` under the relay's identity secret, computed by the shop's server), or
   * a `jwt` (HS256, same secret, claims `sub`, `name`, `email`, `exp`). Answered with `done`, or an
   * error `CONFAB_IDENTITY_INVALID` / `CONFAB_IDENTITY_EXPIRED`.
   */
  identify: {
    requestId: requestIdSchema,
    userId: optional(string({ min: 1, max: 200 })),
    name: optional(string({ max: 100 })),
    email: optional(string({ min: 3, max: 254, pattern: EMAIL_PATTERN, patternName: 'an email address such as ana@example.com' })),
    hash: optional(string({ min: 1, max: 128 })),
    jwt: optional(string({ min: 1, max: 4096 })),
  },
  /** The answers of the pre-chat form (`welcome.preChat`); answered with `done`. */
  profile: {
    requestId: requestIdSchema,
    fields: record(string({ max: 500 }), { maxEntries: 10, maxKeyLength: 64 }),
  },
  ping: { nonce: optional(string({ max: 64 })) },
});

/** Any frame a visitor client sends. */
export type ClientMessage = UnionOf<typeof clientMessageSchemas>;
/** The `type` values of {@link ClientMessage}. */
export type ClientMessageType = ClientMessage['type'];
/** The client frame with the given `type`. */
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;
