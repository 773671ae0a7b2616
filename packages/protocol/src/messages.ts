import { ID_PATTERN, TOKEN_PATTERN } from './ids.js';
import {
  array,
  boolean,
  integer,
  literal,
  object,
  oneOf,
  optional,
  record,
  string,
  type Infer,
  type ObjectOf,
  type Schema,
} from './schema.js';

/** The fields of each frame of an endpoint, by `type`. */
type FrameShapes = Record<string, Record<string, Schema<unknown>>>;

/** The schemas {@link frameSchemas} makes: `type` first, then the fields given for it. */
export type FrameSchemas<T extends FrameShapes> = {
  [K in keyof T & string]: Schema<ObjectOf<{ type: Schema<K> } & T[K]>> & { readonly shape: { type: Schema<K> } & T[K] };
};

/**
 * The schemas of an endpoint's frames, from their fields by `type`: each is an {@link object} whose
 * `type` must be its key, checked before the fields.
 */
export function frameSchemas<T extends FrameShapes>(shapes: T): FrameSchemas<T> {
  const table: Record<string, Schema<unknown>> = {};
  for (const type of Object.keys(shapes)) table[type] = object({ type: literal(type), ...shapes[type] });
  return table as FrameSchemas<T>;
}

/** The wire protocol version this build speaks. */
export const PROTOCOL_VERSION = 1;

/** Every protocol version this build can speak, newest first. */
export const SUPPORTED_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/** Path of the visitor WebSocket endpoint on the relay. */
export const VISITOR_SOCKET_PATH = '/v1/ws';

/** Path of the agent event-stream WebSocket endpoint on the relay. */
export const AGENT_SOCKET_PATH = '/v1/agent/ws';

/** Limits a relay applies unless configured otherwise; announced to clients in `welcome`. */
export const DEFAULT_LIMITS = {
  /** Longest message text, in Unicode code points. */
  maxTextLength: 4000,
  /** Largest WebSocket frame the relay accepts, in bytes. */
  maxFrameBytes: 64 * 1024,
} as const;

// Schema-level cap on any text field; the configured, smaller limit is applied by validateText().
export const TEXT_CAP = 1_000_000;

/** A message id: nanoid format. */
export const idSchema = string({ max: 64, pattern: ID_PATTERN, patternName: 'an id of 8 to 64 URL-safe characters (nanoid)' });
/** A visitor session token. */
export const tokenSchema = string({ max: 64, pattern: TOKEN_PATTERN, patternName: 'a session token of 21 to 64 URL-safe characters' });
/** A sequence number, 0 meaning "none yet". */
export const seqSchema = integer({ min: 0 });
const timestampSchema = integer({ min: 0 });
const urlText = string({ max: 2048 });
/** The id a client gives a request, echoed by the answer. */
export const requestIdSchema = string({ min: 1, max: 64 });

/** Who wrote a message. */
export const AUTHOR_ROLES = ['visitor', 'agent', 'bot', 'system'] as const;
/** One of {@link AUTHOR_ROLES}. */
export type AuthorRole = (typeof AUTHOR_ROLES)[number];

/** Whether a conversation is waiting for or receiving answers (`open`) or finished (`closed`). */
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
/** One of {@link CONVERSATION_STATUSES}. */
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Schema of {@link Author}. */
export const authorSchema = object({
  role: oneOf(AUTHOR_ROLES),
  name: optional(string({ max: 100 })),
});
/** The author of a message or typing indicator; `name` is shown for agents and bots. */
export type Author = Infer<typeof authorSchema>;

/** Schema of {@link ProductContext}. */
export const productContextSchema = object({
  name: optional(string({ max: 300 })),
  sku: optional(string({ max: 100 })),
  /** Decimal string as written on the page, e.g. "129.00"; never a float. */
  price: optional(string({ max: 40 })),
  currency: optional(string({ max: 8 })),
  /** schema.org availability, shortened: "InStock", "OutOfStock", … */
  availability: optional(string({ max: 100 })),
  image: optional(urlText),
  url: optional(urlText),
  brand: optional(string({ max: 200 })),
});
/** The product the shopper is looking at, read from JSON-LD or `data-product-*` attributes. */
export type ProductContext = Infer<typeof productContextSchema>;

/** Schema of {@link Attachment}. */
export const attachmentSchema = object({
  /** Upload id, from the relay's upload endpoint. */
  id: idSchema,
  /** File name as the shopper or agent chose it (shown, never used to pick a type). */
  name: string({ min: 1, max: 255 }),
  /** Media type sniffed from the content by the relay, e.g. "image/png". */
  type: string({ min: 1, max: 100 }),
  /** Size in bytes. */
  size: integer({ min: 0 }),
  /** Where to fetch it: served with `X-Content-Type-Options: nosniff`, and as a download unless it is a raster image. */
  url: urlText,
  /** Pixel size of an image, so a thumbnail takes its space before it loads. */
  width: optional(integer({ min: 1, max: 100_000 })),
  height: optional(integer({ min: 1, max: 100_000 })),
});
/** A file sent with a message: an image is shown as a thumbnail, anything else as a download. */
export type Attachment = Infer<typeof attachmentSchema>;

/** Schema of {@link LinkButton}. */
export const linkButtonSchema = object({
  label: string({ min: 1, max: 100 }),
  /** `http`, `https` or `mailto` only; anything else is not shown. */
  url: urlText,
});
/** A button under a bot's or agent's message that opens a link (track my order, size guide). */
export type LinkButton = Infer<typeof linkButtonSchema>;

/** Schema of {@link VisitorContext}. */
export const visitorContextSchema = object({
  url: optional(urlText),
  title: optional(string({ max: 512 })),
  referrer: optional(urlText),
  /** BCP 47 tag of the page or browser, e.g. "zh-CN". */
  locale: optional(string({ max: 35 })),
  languages: optional(array(string({ max: 35 }), { max: 10 })),
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timeZone: optional(string({ max: 64 })),
  /** The shopper's local time when the context was taken, ISO 8601 with offset. */
  localTime: optional(string({ max: 40 })),
  userAgent: optional(string({ max: 512 })),
  screen: optional(object({ width: integer({ max: 100_000 }), height: integer({ max: 100_000 }) })),
  product: optional(productContextSchema),
  /** Free-form key/value pairs set by the shop with `setContext()`. */
  custom: optional(record(string({ max: 500 }), { maxEntries: 20, maxKeyLength: 64 })),
});
/** What the agent sees about the shopper's page, product, locale, browser and local time. */
export type VisitorContext = Infer<typeof visitorContextSchema>;

/** Schema of {@link ChatMessage}. */
export const chatMessageSchema = object({
  /** Client-generated id (nanoid); the idempotency key. */
  id: idSchema,
  /** Position in the conversation, from 1, assigned by the relay. */
  seq: integer({ min: 1 }),
  author: authorSchema,
  text: string({ max: TEXT_CAP }),
  /** Milliseconds since the Unix epoch, relay clock. */
  createdAt: timestampSchema,
  /** Buttons offered with a bot's or agent's message: tapping one sends its text as the shopper's reply. */
  quickReplies: optional(array(string({ min: 1, max: 100 }), { max: 10 })),
  /** Files sent with the message (the text may then be empty). */
  attachments: optional(array(attachmentSchema, { max: 10 })),
  /** Product cards (image, name, price, link) a bot or agent recommends. */
  products: optional(array(productContextSchema, { max: 10 })),
  /** Link buttons offered with a bot's or agent's message. */
  buttons: optional(array(linkButtonSchema, { max: 5 })),
});
/** A stored message of a conversation. */
export type ChatMessage = Infer<typeof chatMessageSchema>;

/**
 * A deliberately loose email check (something@domain.tld, no spaces): the address is for a person
 * to write to, and a stricter pattern refuses real addresses.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

/** Schema of {@link PreChatField}. */
export const preChatFieldSchema = object({
  /** Key the answer is stored under: `name`, `email`, or a custom key such as `order`. */
  key: string({ min: 1, max: 64, pattern: /^[a-z][a-z0-9_-]*$/u, patternName: 'a lowercase key such as order_number' }),
  /** Label shown above the field; `name` and `email` get the widget's own words when absent. */
  label: optional(string({ max: 200 })),
  type: optional(oneOf(['text', 'email', 'tel'] as const)),
  isRequired: optional(boolean()),
});
/** One field of the pre-chat form. */
export type PreChatField = Infer<typeof preChatFieldSchema>;

/** Schema of {@link PreChatForm}. */
export const preChatFormSchema = object({
  /** `always`: before the first message; `offline`: only outside business hours. */
  when: oneOf(['always', 'offline'] as const),
  fields: array(preChatFieldSchema, { min: 1, max: 10 }),
});
/** The form a shopper fills in before chatting, configured on the relay. */
export type PreChatForm = Infer<typeof preChatFormSchema>;

/**
 * A message the widget offers on its own, beside the launcher, before the shopper writes: one
 * entry of `proactive` in the relay's public `GET /v1/widget-config`.
 */
export interface ProactiveMessage {
  /** Stable id (1 to 64 letters, digits, `_`, `-`), so a dismissed message stays dismissed. */
  id: string;
  /** What the teaser says: 1 to 500 characters. */
  text: string;
  /** Seconds on the page before it shows. Absent: at once. */
  delaySeconds?: number;
  /** Only on pages whose path starts with this, such as `/checkout`. Absent: every page. */
  pathPrefix?: string;
  /** Only for shoppers whose language matches (`de` matches `de-AT`). Absent: every language. */
  locale?: string;
}

/** Schema of {@link Availability}. */
export const availabilitySchema = object({
  /** Whether the team is within its business hours now. */
  isOpen: boolean(),
  /** When the team is next in (milliseconds since the epoch); absent while open or with no hours ahead. */
  opensAt: optional(timestampSchema),
  /** The team's time zone (IANA), to show `opensAt` in the team's words if wanted. */
  timeZone: optional(string({ max: 64 })),
});
/** Whether a person will answer now, or when: from the relay's business hours. */
export type Availability = Infer<typeof availabilitySchema>;

/** Schema of {@link Limits}. */
export const limitsSchema = object({
  maxTextLength: integer({ min: 1 }),
  maxFrameBytes: integer({ min: 1 }),
  /** Largest attachment the relay takes, in bytes; absent when the relay takes no uploads. */
  maxUploadBytes: optional(integer({ min: 1 })),
  /** Media types the relay takes as attachments (`image/*` style wildcards allowed). */
  uploadTypes: optional(array(string({ min: 1, max: 100 }), { max: 50 })),
});
/** Limits the relay enforces, announced in `welcome`. */
export type Limits = Infer<typeof limitsSchema>;

/** Frames the relay sends to a visitor client, by `type`. */
export const serverMessageSchemas = frameSchemas({
  /** Handshake accepted. `resumed` is false when a new conversation was started. */
  welcome: {
    version: integer({ min: 1 }),
    token: tokenSchema,
    conversationId: idSchema,
    resumed: boolean(),
    /** Highest `seq` in the conversation at handshake time. */
    lastSeq: seqSchema,
    /**
     * How far the shopper has read (their latest `read` from any tab or device), so a new tab can
     * show the right unread count. Optional: relays before 0.2 do not send it.
     */
    visitorReadSeq: optional(seqSchema),
    status: oneOf(CONVERSATION_STATUSES),
    limits: limitsSchema,
    /** How often the client should ping when idle, in milliseconds. */
    heartbeatMs: integer({ min: 1000 }),
    /** Business hours, when the relay has them: outside them the widget says when the team answers. */
    availability: optional(availabilitySchema),
    /** The pre-chat form, when the relay has one and this conversation has not answered it yet. */
    preChat: optional(preChatFormSchema),
  },
  message: { message: chatMessageSchema },
  /** The client message `id` is durably stored as `seq`. */
  ack: { id: idSchema, seq: integer({ min: 1 }), createdAt: timestampSchema },
  typing: { isTyping: boolean(), author: authorSchema },
  /**
   * A reply being written (a bot streaming its answer): `text` is everything so far, so a lost
   * draft frame costs nothing. The `message` with the same `id` replaces it when it is finished.
   */
  draft: { id: idSchema, author: authorSchema, text: string({ max: TEXT_CAP }) },
  /** The draft `id` was abandoned (the bot's stream failed): remove it. A `message` with that id may still follow later. */
  'draft-end': { id: idSchema },
  /** A request without data (`contact`, `rate`) succeeded. */
  done: { requestId: requestIdSchema },
  /** The agents have read the shopper's messages up to and including `seq`. */
  read: { seq: seqSchema },
  status: { status: oneOf(CONVERSATION_STATUSES) },
  history: {
    requestId: requestIdSchema,
    messages: array(chatMessageSchema, { max: 100 }),
    hasMore: boolean(),
  },
  pong: { nonce: optional(string({ max: 64 })) },
  error: {
    code: string({ max: 64 }),
    message: string({ max: 2000 }),
    /** The client message id the error is about, if any. */
    id: optional(string({ max: 64 })),
    /** The request the error answers, if any. */
    requestId: optional(string({ max: 64 })),
  },
});

/** The union of the types a table of schemas produces. */
export type UnionOf<T extends Record<string, unknown>> = { [K in keyof T]: Infer<T[K]> }[keyof T];

/** Any frame the relay sends to a visitor client. */
export type ServerMessage = UnionOf<typeof serverMessageSchemas>;
/** The `type` values of {@link ServerMessage}. */
export type ServerMessageType = ServerMessage['type'];
/** The server frame with the given `type`. */
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;
