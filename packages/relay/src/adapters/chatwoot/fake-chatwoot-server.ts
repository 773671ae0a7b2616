import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signChatwootWebhook } from './chatwoot-signature.js';

/** A contact as the fake keeps it. */
export interface FakeContact {
  id: number;
  name: string;
  email: string | null;
  identifier: string | null;
  custom_attributes: Record<string, unknown>;
  contact_inboxes: { source_id: string; inbox: { id: number; name: string } }[];
}

/** A conversation as the fake keeps it; `id` is the display id, as in Chatwoot's API. */
export interface FakeConversation {
  id: number;
  inbox_id: number;
  contact_id: number;
  source_id: string;
  status: 'open' | 'resolved' | 'pending' | 'snoozed';
  custom_attributes: Record<string, unknown>;
}

/** A message as the fake keeps it (`message_type` 0 incoming, 1 outgoing, 2 activity, 3 template). */
export interface FakeMessage {
  id: number;
  conversation_id: number;
  content: string;
  message_type: 0 | 1 | 2 | 3;
  private: boolean;
  source_id: string | null;
  content_attributes: Record<string, unknown>;
  created_at: number;
  sender: { id: number; name: string; type: 'contact' | 'user' };
}

/** One API request the fake got: method, path (without the query), query, parsed body and token. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
  token: string | undefined;
}

/** A scripted answer for the next matching request: a status instead of the real answer, or a delay. */
export interface FakeFault {
  /** `POST /conversations/1/messages`, matched against the path after `/api/v1/accounts/<id>`. */
  route: RegExp;
  method?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Answer this late; with `commitFirst` the request's effect happens at once (an answer lost to a timeout). */
  delayMs?: number;
  commitFirst?: boolean;
}

/** A webhook the fake sent and what the receiver answered. */
export interface FakeWebhookDelivery {
  payload: Record<string, unknown>;
  deliveryId: string;
  status: number;
  body: unknown;
}

const MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/**
 * A Chatwoot on 127.0.0.1 for tests: the Application API calls the chatwoot adapter makes
 * (`/api/v1/accounts/<accountId>/…` with an `api_access_token` header), answered in Chatwoot's
 * shapes, plus the API-channel inbox webhook: every message created (by the API or by
 * {@link FakeChatwoot.agentReply}) and every status change is POSTed, signed as Chatwoot 4.13+
 * signs it, to `webhookUrl` when one is set. Faults and delays can be scripted per request.
 */
export class FakeChatwoot {
  readonly accountId: number;
  readonly inboxId: number;
  readonly token: string;
  /** The inbox's webhook secret; `undefined` sends webhooks unsigned, as Chatwoot before 4.13 did. */
  secret: string | undefined;
  /** Where the inbox webhook goes (the relay's `/v1/adapters/<name>/webhook`); none when undefined. */
  webhookUrl: string | undefined;
  readonly requests: FakeRequest[] = [];
  readonly contacts: FakeContact[] = [];
  readonly conversations: FakeConversation[] = [];
  readonly messages: FakeMessage[] = [];
  readonly webhooks: FakeWebhookDelivery[] = [];
  readonly #faults: FakeFault[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #server: Server;
  #nextId = 100;
  #baseUrl = '';

  constructor(options: { accountId?: number; inboxId?: number; token?: string; secret?: string } = {}) {
    this.accountId = options.accountId ?? 1;
    this.inboxId = options.inboxId ?? 4;
    this.token = options.token ?? 'fake-chatwoot-token-0123';
    this.secret = options.secret;
    this.#server = createServer((request, response) => this.#onRequest(request, response));
  }

  /** Starts the fake on a free loopback port; resolves with it. */
  static async start(options: ConstructorParameters<typeof FakeChatwoot>[0] = {}): Promise<FakeChatwoot> {
    const fake = new FakeChatwoot(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#baseUrl = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}/`;
    return fake;
  }

  /** `http://127.0.0.1:<port>/`, the adapter's `baseUrl`. */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** Makes the next request matching `fault.route` (and method) fail or lag as scripted. */
  fail(fault: FakeFault): void {
    this.#faults.push(fault);
  }

  /** The API requests whose path matches, such as `/^\/contacts$/`. */
  requestsTo(method: string, route: RegExp): FakeRequest[] {
    return this.requests.filter((request) => request.method === method && route.test(request.path));
  }

  messagesOf(conversationId: number): FakeMessage[] {
    return this.messages.filter((message) => message.conversation_id === conversationId);
  }

  /** Waits for the webhooks sent so far to be answered. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Stops the fake; webhooks in flight are waited for. */
  async close(): Promise<void> {
    await this.settled();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** An agent writes in the conversation (a reply, or a private note): stored and sent to the webhook. */
  agentReply(conversationId: number, content: string, options: { isPrivate?: boolean; agentName?: string } = {}): { message: FakeMessage; payload: Record<string, unknown> } {
    const message = this.#addMessage(conversationId, {
      content,
      message_type: 1,
      private: options.isPrivate ?? false,
      source_id: null,
      content_attributes: {},
      sender: { id: 7, name: options.agentName ?? 'Mia', type: 'user' },
    });
    return { message, payload: this.messageWebhook(message) };
  }

  /** An agent resolves (or reopens) the conversation: changed and sent to the webhook. */
  setStatus(conversationId: number, status: FakeConversation['status']): Record<string, unknown> {
    const conversation = this.#conversation(conversationId)!;
    const previous = conversation.status;
    conversation.status = status;
    // Chatwoot notes the change in the conversation as an activity message, which has its own webhook.
    this.#addMessage(conversationId, { content: `Conversation was marked ${status}`, message_type: 2, private: false, source_id: null, content_attributes: {}, sender: { id: 7, name: 'Mia', type: 'user' } });
    const payload = { ...this.conversationWebhookData(conversation), event: 'conversation_status_changed', changed_attributes: [{ status: { previous_value: previous, current_value: status } }] };
    this.#send(payload);
    return payload;
  }

  /** A message's `message_created` webhook body, in Chatwoot's `Message#webhook_data` shape. */
  messageWebhook(message: FakeMessage): Record<string, unknown> {
    const conversation = this.#conversation(message.conversation_id)!;
    return {
      event: 'message_created',
      id: message.id,
      content: message.content,
      content_type: 'text',
      content_attributes: message.content_attributes,
      created_at: new Date(message.created_at * 1000).toISOString(),
      message_type: MESSAGE_TYPES[message.message_type],
      private: message.private,
      source_id: message.source_id,
      additional_attributes: {},
      sender: { ...message.sender, ...(message.sender.type === 'user' ? { email: 'mia@desk.example', available_name: message.sender.name } : {}) },
      inbox: { id: conversation.inbox_id, name: 'Shop chat' },
      conversation: this.conversationWebhookData(conversation),
      account: { id: this.accountId, name: 'Shop' },
    };
  }

  /** A conversation's `webhook_data`: display id, inbox, status, attributes and its last message. */
  conversationWebhookData(conversation: FakeConversation): Record<string, unknown> {
    const last = this.messagesOf(conversation.id).filter((message) => message.message_type !== 2).at(-1);
    return {
      id: conversation.id,
      inbox_id: conversation.inbox_id,
      status: conversation.status,
      channel: 'Channel::Api',
      custom_attributes: conversation.custom_attributes,
      additional_attributes: {},
      contact_inbox: { source_id: conversation.source_id },
      meta: { sender: { id: conversation.contact_id, type: 'contact' }, assignee: null },
      messages: last ? [this.#messageJson(last)] : [],
      account_id: this.accountId,
    };
  }

  /** POSTs a webhook body to `webhookUrl`, signed with `secret` (or as told), and records the answer. */
  async deliver(payload: Record<string, unknown>, options: { deliveryId?: string; timestamp?: number; secret?: string | null } = {}): Promise<FakeWebhookDelivery> {
    if (this.webhookUrl === undefined) throw new Error('the fake Chatwoot has no webhookUrl');
    const body = JSON.stringify(payload);
    const deliveryId = options.deliveryId ?? randomUUID();
    const secret = options.secret === null ? undefined : (options.secret ?? this.secret);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-delivery': deliveryId };
    if (secret !== undefined) Object.assign(headers, signChatwootWebhook({ secret, timestamp: options.timestamp ?? Math.floor(Date.now() / 1000), body, deliveryId }));
    const response = await fetch(this.webhookUrl, { method: 'POST', headers, body });
    const text = await response.text();
    const delivery = { payload, deliveryId, status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    this.webhooks.push(delivery);
    return delivery;
  }

  #send(payload: Record<string, unknown>): void {
    if (this.webhookUrl === undefined) return;
    const sending = this.deliver(payload).catch(() => undefined);
    this.#pending.add(sending);
    void sending.finally(() => this.#pending.delete(sending));
  }

  #id(): number {
    return this.#nextId++;
  }

  #conversation(id: number): FakeConversation | undefined {
    return this.conversations.find((conversation) => conversation.id === id);
  }

  #addMessage(conversationId: number, fields: Omit<FakeMessage, 'id' | 'conversation_id' | 'created_at'>): FakeMessage {
    const message: FakeMessage = { id: this.#id(), conversation_id: conversationId, created_at: Math.floor(Date.now() / 1000), ...fields };
    this.messages.push(message);
    this.#send(this.messageWebhook(message));
    return message;
  }

  /** A message as the API answers it: `message_type` is the enum's number. */
  #messageJson(message: FakeMessage): Record<string, unknown> {
    return { ...message, conversation_id: message.conversation_id, inbox_id: this.inboxId, account_id: this.accountId, content_type: 'text' };
  }

  #contactJson(contact: FakeContact, withInboxes = false): Record<string, unknown> {
    const { contact_inboxes, ...rest } = contact;
    return withInboxes ? { ...rest, contact_inboxes } : rest;
  }

  #conversationJson(conversation: FakeConversation): Record<string, unknown> {
    return { ...this.conversationWebhookData(conversation), account_id: this.accountId, contact_id: conversation.contact_id };
  }

  #onRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const token = request.headers['api_access_token'];
      const prefix = `/api/v1/accounts/${this.accountId}`;
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const entry: FakeRequest = { method: request.method ?? 'GET', path, query: url.searchParams, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>), token: Array.isArray(token) ? token[0] : token };
      this.requests.push(entry);
      if (entry.token !== this.token) return json(response, 401, { errors: ['You need to sign in or sign up before continuing.'] });
      if (!url.pathname.startsWith(`${prefix}/`)) return json(response, 404, { error: 'Resource could not be found' });
      const index = this.#faults.findIndex((fault) => fault.route.test(path) && (fault.method === undefined || fault.method === entry.method));
      const fault = index === -1 ? undefined : this.#faults.splice(index, 1)[0];
      if (fault && !fault.commitFirst) {
        setTimeout(() => (fault.status === undefined ? this.#route(entry, response) : json(response, fault.status, { message: 'scripted failure' }, fault.headers)), fault.delayMs ?? 0);
        return;
      }
      if (fault?.commitFirst) {
        // Do the work now, answer late: what a client sees when the answer is lost.
        const late = new FakeResponse();
        this.#route(entry, late);
        setTimeout(() => json(response, late.status, late.body), fault.delayMs ?? 0);
        return;
      }
      this.#route(entry, response);
    });
  }

  #route(request: FakeRequest, response: ServerResponse | FakeResponse): void {
    const send = (status: number, body: unknown) => (response instanceof FakeResponse ? response.set(status, body) : json(response, status, body));
    const body = request.body ?? {};
    const route = `${request.method} ${request.path}`;
    let match: RegExpMatchArray | null;
    if (route === 'POST /contacts') {
      if (body['identifier'] && this.contacts.some((contact) => contact.identifier === body['identifier'])) return send(422, { message: 'Identifier has already been taken' });
      if (body['email'] && this.contacts.some((contact) => contact.email === body['email'])) return send(422, { message: 'Email has already been taken' });
      const inbox = { id: Number(body['inbox_id']), name: 'Shop chat' };
      const sourceId = typeof body['source_id'] === 'string' ? body['source_id'] : randomUUID();
      const contact: FakeContact = {
        id: this.#id(),
        name: String(body['name'] ?? ''),
        email: typeof body['email'] === 'string' ? body['email'] : null,
        identifier: typeof body['identifier'] === 'string' ? body['identifier'] : null,
        custom_attributes: { ...((body['custom_attributes'] as Record<string, unknown>) ?? {}) },
        contact_inboxes: body['inbox_id'] === undefined ? [] : [{ source_id: sourceId, inbox }],
      };
      this.contacts.push(contact);
      return send(200, { payload: { contact: this.#contactJson(contact), contact_inbox: contact.contact_inboxes[0] ?? null } });
    }
    if (route === 'GET /contacts/search') {
      const q = (request.query.get('q') ?? '').toLowerCase();
      const found = this.contacts.filter((contact) => [contact.name, contact.email, contact.identifier].some((field) => field?.toLowerCase().includes(q)));
      return send(200, { meta: { count: found.length, current_page: 1 }, payload: found.map((contact) => this.#contactJson(contact, request.query.get('include_contact_inboxes') === 'true')) });
    }
    if ((match = route.match(/^PUT \/contacts\/(\d+)$/))) {
      const contact = this.contacts.find((candidate) => candidate.id === Number(match![1]));
      if (!contact) return send(404, { error: 'Resource could not be found' });
      // Checked before anything changes: Chatwoot validates the whole record and saves all or nothing.
      if (typeof body['email'] === 'string' && this.contacts.some((other) => other !== contact && other.email === body['email'])) return send(422, { message: 'Email has already been taken' });
      if (typeof body['email'] === 'string') contact.email = body['email'];
      if (typeof body['name'] === 'string') contact.name = body['name'];
      // Chatwoot merges the custom attributes given into the contact's own.
      if (typeof body['custom_attributes'] === 'object' && body['custom_attributes'] !== null) Object.assign(contact.custom_attributes, body['custom_attributes']);
      return send(200, { payload: this.#contactJson(contact) });
    }
    if ((match = route.match(/^GET \/contacts\/(\d+)\/conversations$/))) {
      const found = this.conversations.filter((conversation) => conversation.contact_id === Number(match![1]));
      return send(200, { payload: found.map((conversation) => this.#conversationJson(conversation)) });
    }
    if (route === 'POST /conversations') {
      const contact = this.contacts.find((candidate) => candidate.id === Number(body['contact_id']));
      if (!contact || !contact.contact_inboxes.some((contactInbox) => contactInbox.source_id === body['source_id'])) return send(404, { error: 'Resource could not be found' });
      const conversation: FakeConversation = {
        id: this.#id(),
        inbox_id: Number(body['inbox_id']),
        contact_id: contact.id,
        source_id: String(body['source_id']),
        status: 'open',
        custom_attributes: (body['custom_attributes'] as Record<string, unknown>) ?? {},
      };
      this.conversations.push(conversation);
      return send(200, this.#conversationJson(conversation));
    }
    if ((match = route.match(/^(GET|POST) \/conversations\/(\d+)(\/messages|\/toggle_status)?$/))) {
      const conversation = this.#conversation(Number(match[2]));
      if (!conversation) return send(404, { error: 'Resource could not be found' });
      const [, method, , tail] = match;
      if (method === 'GET' && tail === undefined) return send(200, this.#conversationJson(conversation));
      if (method === 'GET' && tail === '/messages') return send(200, { meta: { contact: {} }, payload: this.messagesOf(conversation.id).slice(-20).map((message) => this.#messageJson(message)) });
      if (method === 'POST' && tail === '/messages') {
        const type = MESSAGE_TYPES.indexOf(body['message_type'] as (typeof MESSAGE_TYPES)[number]);
        const message = this.#addMessage(conversation.id, {
          content: String(body['content'] ?? ''),
          message_type: (type === -1 ? 1 : type) as FakeMessage['message_type'],
          private: body['private'] === true,
          source_id: typeof body['source_id'] === 'string' ? body['source_id'] : null,
          content_attributes: (body['content_attributes'] as Record<string, unknown>) ?? {},
          sender: type === 0 ? { id: conversation.contact_id, name: 'Shopper', type: 'contact' } : { id: 9, name: 'Confab token user', type: 'user' },
        });
        return send(200, this.#messageJson(message));
      }
      if (method === 'POST' && tail === '/toggle_status') {
        const status = body['status'];
        if (status !== 'open' && status !== 'resolved' && status !== 'pending') return send(422, { message: 'Invalid status' });
        if (conversation.status !== status) this.setStatus(conversation.id, status);
        return send(200, { meta: {}, payload: { success: true, current_status: status, conversation_id: conversation.id } });
      }
    }
    return send(404, { error: 'Resource could not be found' });
  }
}

/** Holds an answer made now and sent later. */
class FakeResponse {
  status = 500;
  body: unknown = undefined;
  set(status: number, body: unknown): void {
    this.status = status;
    this.body = body;
  }
}
