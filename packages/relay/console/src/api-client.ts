import {
  array,
  attachmentSchema,
  boolean,
  chatMessageSchema,
  ConfabError,
  conversationSummarySchema,
  isErrorCode,
  integer,
  object,
  oneOf,
  optional,
  quickReplySchema,
  string,
  SchemaViolation,
  type Attachment,
  type ChatMessage,
  type ConversationSummary,
  type ErrorCode,
  type Infer,
  type LinkButton,
  type ProductContext,
  type QuickReply,
  type Schema,
  type TranscriptPage,
} from '@confab/protocol';
import type { ConversationFilter } from './strings.js';

/** Where the agent API lives below the relay's origin. */
export const AGENT_API_PREFIX = '/v1/agent';
/** Where files are uploaded (docs/attachments.md); not under the agent API, but it takes the agent token. */
export const UPLOADS_PATH = '/v1/uploads';

/** Options for {@link AgentApiClient}. */
export interface ApiClientOptions {
  /** The agent token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** The relay's origin. @default location.origin */
  baseUrl?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Abort a request that has not answered after this long. @default 15000 */
  timeoutMs?: number;
  /** Abort an upload that has not answered after this long (files take a while on slow links). @default 120000 */
  uploadTimeoutMs?: number;
}

/** A page of the conversation list, newest activity first. */
export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Whether older conversations exist beyond this page. */
  hasMore: boolean;
}

/** Paging of the conversation list. */
export interface ConversationQuery {
  /** @default 'open' on the relay */
  status?: ConversationFilter;
  limit?: number;
  /** Only conversations whose last activity (`updatedAt`) is before this time. */
  before?: number;
}

/** Paging of a transcript by `seq`; without `before` or `after`, the newest page. */
export interface TranscriptQuery {
  /** Only messages with a smaller `seq`. */
  before?: number;
  /** Only messages with a greater `seq`. */
  after?: number;
  limit?: number;
}

/** A reply to post; `id` makes a retry safe (the relay stores one message per id). */
export interface ReplyInput {
  /** May be empty when the reply carries attachments, product cards or link buttons. */
  text: string;
  id?: string;
  authorName?: string;
  /** Upload ids from {@link AgentApiClient.uploadFile} for this conversation. */
  attachments?: readonly string[];
  /** Product cards (at most 10), checked by the relay with the protocol's schema. */
  products?: readonly ProductContext[];
  /** Link buttons (at most 5): a label and an `http`, `https` or `mailto` URL each. */
  buttons?: readonly LinkButton[];
}

/** The editable fields of a quick reply. */
export interface QuickReplyInput {
  shortcut: string;
  text: string;
}

/**
 * A failed agent API call: a {@link ConfabError} whose `code` is the one the relay sent in the
 * response body (or the one its HTTP status implies), plus that `status` (0 when no response came).
 */
export class AgentApiError extends ConfabError {
  /** The HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  constructor(code: ErrorCode, message: string, status: number, options?: ErrorOptions) {
    super(code, message, options);
    this.name = 'AgentApiError';
    this.status = status;
  }
}

/** Whether an error means the agent token was refused, so the console must ask for it again. */
export function isAuthError(error: unknown): boolean {
  return error instanceof AgentApiError && (error.status === 401 || error.code === 'CONFAB_AUTH_REJECTED');
}

/** The code for an error response whose body carried no code this build knows. */
function codeForStatus(status: number): ErrorCode {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'CONFAB_REQUEST_INVALID';
  if (status === 401 || status === 403) return 'CONFAB_AUTH_REJECTED';
  if (status === 404) return 'CONFAB_NOT_FOUND';
  if (status === 409) return 'CONFAB_CONVERSATION_CLOSED';
  if (status === 429) return 'CONFAB_RATE_LIMITED';
  if (status === 503) return 'CONFAB_SHUTTING_DOWN';
  return 'CONFAB_INTERNAL';
}

const conversationPageSchema = object({
  conversations: array(conversationSummarySchema, { max: 10_000 }),
  hasMore: boolean(),
});
const transcriptPageSchema = object({
  messages: array(chatMessageSchema, { max: 10_000 }),
  hasMore: boolean(),
});
const quickReplyListSchema = array(quickReplySchema, { max: 10_000 });

/** Schema of {@link OutboxDelivery}: the fields the console shows; the event is read for its type and text only. */
const deliverySchema = object({
  deliveryId: string({ min: 1, max: 64 }),
  adapter: string({ min: 1, max: 64 }),
  conversationId: string({ min: 1, max: 64 }),
  event: object({ type: string({ min: 1, max: 64 }), message: optional(object({ text: optional(string({ max: 100_000 })) })) }),
  state: oneOf(['pending', 'dead'] as const),
  attempts: integer({ min: 0 }),
  nextAttemptAt: integer(),
  lastError: optional(string({ max: 10_000 })),
  createdAt: integer(),
});
/** An event on its way to an adapter (`GET /deliveries`): still retried (`pending`) or given up (`dead`). */
export type OutboxDelivery = Infer<typeof deliverySchema>;
const deliveryListSchema = object({ deliveries: array(deliverySchema, { max: 10_000 }) });

type Query = Record<string, string | number | undefined>;

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the agent API, or below the origin when `root` is set. */
  path: string;
  /** Whether `path` starts at the relay's origin rather than under `/v1/agent`. */
  root?: boolean;
  query?: Query;
  body?: unknown;
  /** Raw bytes to send instead of a JSON body (an upload). */
  file?: Blob;
  timeoutMs?: number;
  /** Validates a JSON response; omitted for 204 answers. */
  schema?: Schema<T>;
}

/**
 * A typed client for the relay's agent HTTP API (`/v1/agent/*`), the same API integrators use.
 * Every method resolves with the validated response or rejects with an {@link AgentApiError}.
 * @example
 * const api = new AgentApiClient({ token });
 * const { conversations } = await api.listConversations({ status: 'open', limit: 50 });
 */
export class AgentApiClient {
  readonly #token: string;
  readonly #baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #uploadTimeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.#token = options.token;
    this.#baseUrl = (options.baseUrl ?? globalThis.location.origin).replace(/\/+$/, '');
    // Bound, because calling a detached `window.fetch` throws "Illegal invocation" in browsers.
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#uploadTimeoutMs = options.uploadTimeoutMs ?? 120_000;
  }

  /** `GET /conversations`: a page of conversations, newest activity first. */
  listConversations(query: ConversationQuery = {}): Promise<ConversationPage> {
    return this.#request({
      method: 'GET',
      path: '/conversations',
      query: { status: query.status, limit: query.limit, before: query.before },
      schema: conversationPageSchema,
    });
  }

  /** `GET /conversations/:id`: one conversation's summary. */
  getConversation(id: string): Promise<ConversationSummary> {
    return this.#request({ method: 'GET', path: `/conversations/${encodeURIComponent(id)}`, schema: conversationSummarySchema });
  }

  /** `GET /conversations/:id/messages`: a page of the transcript, oldest first. */
  listMessages(id: string, query: TranscriptQuery = {}): Promise<TranscriptPage> {
    return this.#request({
      method: 'GET',
      path: `/conversations/${encodeURIComponent(id)}/messages`,
      query: { after: query.after, before: query.before, limit: query.limit },
      schema: transcriptPageSchema,
    });
  }

  /** `POST /conversations/:id/messages`: posts an agent reply; resolves with the stored message. */
  sendMessage(id: string, reply: ReplyInput): Promise<ChatMessage> {
    return this.#request({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(id)}/messages`,
      body: reply,
      schema: chatMessageSchema,
    });
  }

  /**
   * `POST /v1/uploads?conversationId=&name=`: uploads a file for a conversation with the agent
   * token; resolves with the attachment (its `id` goes in a reply's `attachments`). The relay
   * sniffs the type from the bytes and refuses one too large (413 `CONFAB_UPLOAD_TOO_LARGE`) or of
   * a type it does not take (415 `CONFAB_UPLOAD_TYPE_REFUSED`).
   */
  uploadFile(conversationId: string, file: Blob, name: string): Promise<Attachment> {
    return this.#request({
      method: 'POST',
      path: UPLOADS_PATH,
      root: true,
      query: { conversationId, name },
      file,
      timeoutMs: this.#uploadTimeoutMs,
      schema: attachmentSchema,
    });
  }

  /** `POST /conversations/:id/typing`: tells the shopper the agent is (or stopped) typing. */
  async setTyping(id: string, isTyping: boolean, authorName?: string): Promise<void> {
    await this.#request({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(id)}/typing`,
      body: { isTyping, authorName },
    });
  }

  /** `POST /conversations/:id/read`: the agents have read the shopper's messages up to `seq`. */
  async markRead(id: string, seq: number): Promise<void> {
    await this.#request({ method: 'POST', path: `/conversations/${encodeURIComponent(id)}/read`, body: { seq } });
  }

  /** `POST /conversations/:id/close`: closes a conversation; resolves with its new summary. */
  closeConversation(id: string): Promise<ConversationSummary> {
    return this.#request({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(id)}/close`,
      schema: conversationSummarySchema,
    });
  }

  /** `GET /quick-replies`: the team's quick replies. */
  async listQuickReplies(): Promise<QuickReply[]> {
    // The list comes either bare or wrapped like the stream's frame: `{ quickReplies: [...] }`.
    const body = await this.#request<unknown>({ method: 'GET', path: '/quick-replies', schema: { expected: 'JSON', parse: (value) => value } });
    const list = body !== null && typeof body === 'object' && !Array.isArray(body) && 'quickReplies' in body ? body.quickReplies : body;
    return this.#validate(quickReplyListSchema, list, 'GET /quick-replies');
  }

  /** `POST /quick-replies`: adds a quick reply; resolves with it as stored. */
  createQuickReply(input: QuickReplyInput): Promise<QuickReply> {
    return this.#request({ method: 'POST', path: '/quick-replies', body: input, schema: quickReplySchema });
  }

  /** `PUT /quick-replies/:id`: changes a quick reply; resolves with it as stored. */
  updateQuickReply(id: string, input: QuickReplyInput): Promise<QuickReply> {
    return this.#request({ method: 'PUT', path: `/quick-replies/${encodeURIComponent(id)}`, body: input, schema: quickReplySchema });
  }

  /** `DELETE /quick-replies/:id`. */
  async deleteQuickReply(id: string): Promise<void> {
    await this.#request({ method: 'DELETE', path: `/quick-replies/${encodeURIComponent(id)}` });
  }

  /** `GET /deliveries?state=dead`: the deliveries that gave up, oldest first (at most `limit`). */
  async listDeadDeliveries(limit = 200): Promise<OutboxDelivery[]> {
    const page = await this.#request({ method: 'GET', path: '/deliveries', query: { state: 'dead', limit }, schema: deliveryListSchema });
    return page.deliveries;
  }

  /** `POST /deliveries/:id/replay`: sends a dead delivery again; resolves with it, now pending. */
  replayDelivery(deliveryId: string): Promise<OutboxDelivery> {
    return this.#request({ method: 'POST', path: `/deliveries/${encodeURIComponent(deliveryId)}/replay`, schema: deliverySchema });
  }

  async #request<T>(spec: RequestSpec<T>): Promise<T> {
    const path = `${spec.root ? '' : AGENT_API_PREFIX}${spec.path}`;
    const url = new URL(`${this.#baseUrl}${path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const label = `${spec.method} ${path}`;
    const timeoutMs = spec.timeoutMs ?? this.#timeoutMs;
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, accept: 'application/json' };
    // Fastify refuses an empty body declared as JSON, so the header goes only with a body.
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    // The relay ignores the type sent (it sniffs the bytes), but needs one its parser takes.
    if (spec.file !== undefined) headers['content-type'] = 'application/octet-stream';

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url.toString(), {
        method: spec.method,
        headers,
        body: spec.file ?? (spec.body === undefined ? undefined : JSON.stringify(spec.body)),
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      text = await response.text();
    } catch (error) {
      if (controller.signal.aborted) {
        throw new AgentApiError('CONFAB_TIMEOUT', `${label} did not answer within ${timeoutMs} ms`, 0, { cause: error });
      }
      throw new AgentApiError('CONFAB_NOT_CONNECTED', `${label} failed: the relay could not be reached`, 0, { cause: error });
    } finally {
      clearTimeout(timer);
    }

    if (!response.ok) throw this.#errorFrom(response.status, text, label);
    if (!spec.schema) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AgentApiError('CONFAB_JSON_INVALID', `${label} answered ${response.status} with a body that is not JSON`, response.status, { cause: error });
    }
    return this.#validate(spec.schema, json, label, response.status);
  }

  #validate<T>(schema: Schema<T>, value: unknown, label: string, status = 200): T {
    try {
      return schema.parse(value, '');
    } catch (error) {
      if (error instanceof SchemaViolation) {
        throw new AgentApiError('CONFAB_FRAME_INVALID', `Unexpected response from ${label}: ${error.message}`, status, { cause: error });
      }
      throw error;
    }
  }

  #errorFrom(status: number, text: string, label: string): AgentApiError {
    let code: unknown;
    let message: unknown;
    try {
      const body: unknown = JSON.parse(text);
      if (body !== null && typeof body === 'object') ({ code, message } = body as { code?: unknown; message?: unknown });
    } catch {
      // Not JSON (a proxy's HTML error page, for instance): the status decides the code.
    }
    return new AgentApiError(
      isErrorCode(code) ? code : codeForStatus(status),
      typeof message === 'string' && message ? message : `${label} failed with HTTP ${status}`,
      status,
    );
  }
}
