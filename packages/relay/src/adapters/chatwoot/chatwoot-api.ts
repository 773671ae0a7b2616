import { deadline } from '../../deadline.js';
import { fetchFailureReason, outcomeOfHttpStatus, type AttemptOutcome } from '../../outbox/retry-policy.js';
import type { Clock } from '../../rate-limit.js';

/** Options of {@link chatwootApi}. */
export interface ChatwootApiOptions {
  /** Where Chatwoot runs, ending with `/`. */
  baseUrl: string;
  apiAccessToken: string;
  accountId: number;
  /** A request slower than this is abandoned. */
  timeoutMs: number;
  /** @default Date.now */
  now?: Clock;
}

/** A Chatwoot contact as the Application API returns it (the fields the adapter reads). */
export interface ChatwootContact {
  id: number;
  identifier?: string | null;
  email?: string | null;
  contact_inboxes?: { source_id: string; inbox?: { id: number } | null }[];
}

/** A Chatwoot conversation; `id` is the display id used in URLs and webhooks. */
export interface ChatwootConversation {
  id: number;
  inbox_id: number;
  status: string;
  custom_attributes?: Record<string, unknown> | null;
}

/**
 * Custom attributes as the adapter sets them on a contact: Chatwoot keeps any JSON value, and
 * shows a boolean as a checkbox attribute.
 */
export type ChatwootAttributes = Record<string, string | boolean>;

/**
 * What `PUT contacts/<id>` changes: the fields given, and the custom attributes given, which
 * Chatwoot merges into the contact's own (the others are kept).
 */
export interface ChatwootContactUpdate {
  name?: string;
  email?: string;
  custom_attributes?: ChatwootAttributes;
}

/** A Chatwoot message; `message_type` is a number in API answers and a word in webhooks. */
export interface ChatwootMessage {
  id: number;
  content: string | null;
  message_type: number | string;
  private: boolean;
  source_id?: string | null;
  content_attributes?: Record<string, unknown> | null;
  created_at?: number | string;
  sender?: { id?: number; name?: string | null; type?: string | null } | null;
  attachments?: { data_url?: string | null; file_type?: string | null }[] | null;
}

/** What the adapter posts as a message: a shopper's message (`incoming`) or a private note. */
export interface NewChatwootMessage {
  content: string;
  message_type: 'incoming' | 'outgoing';
  private: boolean;
  /** Our marker: lets a retry find the message a lost answer had created. */
  source_id: string;
  content_attributes: Record<string, string>;
}

/**
 * A Chatwoot request that failed, with what it means for the delivery: `retry` (timeouts,
 * network errors, 408, 425, 429, 5xx, honouring `Retry-After`) or `rejected` (401, 403, 404,
 * 422 …, which retrying would not change). The message never contains the access token.
 *
 * Not a ConfabError: it never leaves the adapter. Attempts turn it into their outcome, and the
 * webhook into a 503 for Chatwoot, so it needs no code of its own.
 */
export class ChatwootApiError extends Error {
  /** The HTTP status, when Chatwoot answered. */
  readonly status: number | undefined;
  readonly outcome: Exclude<AttemptOutcome, { kind: 'delivered' }>;
  constructor(outcome: Exclude<AttemptOutcome, { kind: 'delivered' }>, status?: number) {
    super(outcome.reason);
    this.name = 'ChatwootApiError';
    this.status = status;
    this.outcome = outcome;
  }
}

/** The calls of Chatwoot's Application API the adapter makes, each under `/api/v1/accounts/<accountId>/`. */
export interface ChatwootApi {
  /** `POST contacts`, with a contact inbox in `inboxId` whose source id is `sourceId`. */
  createContact(input: { inboxId: number; name: string; email?: string; identifier: string; sourceId: string; customAttributes: ChatwootAttributes }, signal: AbortSignal): Promise<{ contact: ChatwootContact; sourceId: string }>;
  /** `GET contacts/search?q=` (name, email, phone or identifier contain `q`). */
  searchContacts(q: string, signal: AbortSignal): Promise<ChatwootContact[]>;
  /** `PUT contacts/<id>`. */
  updateContact(contactId: number, fields: ChatwootContactUpdate, signal: AbortSignal): Promise<void>;
  /** `GET contacts/<id>/conversations`. */
  contactConversations(contactId: number, signal: AbortSignal): Promise<ChatwootConversation[]>;
  /** `POST conversations`. */
  createConversation(input: { sourceId: string; inboxId: number; contactId: number; customAttributes: Record<string, string> }, signal: AbortSignal): Promise<ChatwootConversation>;
  /** `GET conversations/<id>`. */
  getConversation(conversationId: number, signal: AbortSignal): Promise<ChatwootConversation>;
  /** `POST conversations/<id>/messages`. */
  createMessage(conversationId: number, message: NewChatwootMessage, signal: AbortSignal): Promise<ChatwootMessage>;
  /** `GET conversations/<id>/messages`: the latest messages (20 in Chatwoot), oldest first. */
  listMessages(conversationId: number, signal: AbortSignal): Promise<ChatwootMessage[]>;
  /** `POST conversations/<id>/toggle_status`. */
  toggleStatus(conversationId: number, status: 'open' | 'resolved', signal: AbortSignal): Promise<void>;
}

type Json = Record<string, unknown>;

/** A short reason from an error body such as `{ "message": "Identifier has already been taken" }`. */
function errorText(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  const fields = parsed as Json;
  const candidate = fields['message'] ?? fields['error'] ?? fields['errors'];
  const text = Array.isArray(candidate) ? candidate.filter((item) => typeof item === 'string').join('; ') : typeof candidate === 'string' ? candidate : '';
  return text.slice(0, 200);
}

function payloadOf(body: Json): unknown {
  return 'payload' in body ? body['payload'] : body;
}

function asList<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function hasNumericId(value: unknown): value is { id: number } {
  return typeof value === 'object' && value !== null && typeof (value as Json)['id'] === 'number';
}

/**
 * A client of Chatwoot's Application API, authenticated with an access token in the
 * `api_access_token` header. Every failure is a {@link ChatwootApiError} naming the request
 * (method and path, which hold no secret) and what to check.
 */
export function chatwootApi(options: ChatwootApiOptions): ChatwootApi {
  const now = options.now ?? Date.now;
  const root = new URL(`api/v1/accounts/${options.accountId}/`, options.baseUrl);

  /** One exchange with Chatwoot, its answer read in full, within `timeoutMs`. */
  async function request(method: 'GET' | 'POST' | 'PUT', path: string, signal: AbortSignal, body?: object): Promise<Json> {
    const limit = deadline(options.timeoutMs, signal);
    try {
      return await exchange(method, path, limit.signal, body);
    } finally {
      limit.clear();
    }
  }

  async function exchange(method: 'GET' | 'POST' | 'PUT', path: string, signal: AbortSignal, body?: object): Promise<Json> {
    const url = new URL(path, root);
    const what = `${method} ${url.pathname}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          api_access_token: options.apiAccessToken,
          'user-agent': 'Confab-Relay',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      const reason = fetchFailureReason(error, {
        timedOut: `Chatwoot did not answer ${what} within ${options.timeoutMs} ms`,
        unreachable: `could not reach Chatwoot at ${url.host} for ${what}`,
      });
      throw new ChatwootApiError({ kind: 'retry', reason });
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) {
      if (text.trim() === '') return {};
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
      } catch {
        // Answered below: a proxy's HTML page instead of Chatwoot, typically.
      }
      throw new ChatwootApiError({ kind: 'retry', reason: `Chatwoot answered ${what} with HTTP ${response.status} but no JSON object; is baseUrl Chatwoot itself?` }, response.status);
    }
    const outcome = outcomeOfHttpStatus(response.status, response.headers.get('retry-after'), now());
    const detail = errorText(text);
    const said = detail === '' ? '' : `: ${detail}`;
    let reason = `Chatwoot answered ${what} with HTTP ${response.status}${said}`;
    if (response.status === 401) reason += '; check apiAccessToken (an agent or bot access token from Chatwoot profile settings)';
    else if (response.status === 403) reason += `; the token's user may not access account ${options.accountId} or this inbox: add it to the inbox`;
    else if (response.status === 404) reason += '; check baseUrl, accountId and inboxId (the conversation may also have been deleted in Chatwoot)';
    else if (response.status >= 300 && response.status < 400) reason += `; baseUrl should be Chatwoot's final address (it redirects to ${response.headers.get('location') ?? 'elsewhere'})`;
    throw new ChatwootApiError(outcome.kind === 'delivered' ? { kind: 'rejected', reason } : { ...outcome, reason }, response.status);
  }

  function malformed(what: string): ChatwootApiError {
    return new ChatwootApiError({ kind: 'retry', reason: `Chatwoot answered ${what} without the expected fields; is baseUrl Chatwoot itself?` });
  }

  return {
    async createContact(input, signal) {
      const body = await request('POST', 'contacts', signal, {
        inbox_id: input.inboxId,
        name: input.name,
        ...(input.email === undefined ? {} : { email: input.email }),
        identifier: input.identifier,
        source_id: input.sourceId,
        custom_attributes: input.customAttributes,
      });
      const payload = payloadOf(body) as Json | undefined;
      const contact = payload?.['contact'];
      if (!hasNumericId(contact)) throw malformed('POST contacts');
      const contactInbox = payload?.['contact_inbox'] as { source_id?: unknown } | undefined;
      const sourceId = typeof contactInbox?.source_id === 'string' ? contactInbox.source_id : input.sourceId;
      return { contact: contact as ChatwootContact, sourceId };
    },
    async searchContacts(q, signal) {
      const url = `contacts/search?${new URLSearchParams({ q, include_contact_inboxes: 'true' })}`;
      return asList<ChatwootContact>(payloadOf(await request('GET', url, signal))).filter(hasNumericId);
    },
    async updateContact(contactId, fields, signal) {
      await request('PUT', `contacts/${contactId}`, signal, fields);
    },
    async contactConversations(contactId, signal) {
      return asList<ChatwootConversation>(payloadOf(await request('GET', `contacts/${contactId}/conversations`, signal))).filter(hasNumericId);
    },
    async createConversation(input, signal) {
      const body = await request('POST', 'conversations', signal, {
        source_id: input.sourceId,
        inbox_id: input.inboxId,
        contact_id: input.contactId,
        custom_attributes: input.customAttributes,
      });
      if (!hasNumericId(body)) throw malformed('POST conversations');
      return body as unknown as ChatwootConversation;
    },
    async getConversation(conversationId, signal) {
      const body = await request('GET', `conversations/${conversationId}`, signal);
      if (!hasNumericId(body)) throw malformed(`GET conversations/${conversationId}`);
      return body as unknown as ChatwootConversation;
    },
    async createMessage(conversationId, message, signal) {
      const body = await request('POST', `conversations/${conversationId}/messages`, signal, message);
      if (!hasNumericId(body)) throw malformed(`POST conversations/${conversationId}/messages`);
      return body as unknown as ChatwootMessage;
    },
    async listMessages(conversationId, signal) {
      return asList<ChatwootMessage>(payloadOf(await request('GET', `conversations/${conversationId}/messages`, signal))).filter(hasNumericId);
    },
    async toggleStatus(conversationId, status, signal) {
      await request('POST', `conversations/${conversationId}/toggle_status`, signal, { status });
    },
  };
}
