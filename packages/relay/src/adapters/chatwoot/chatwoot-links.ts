import type { AdapterState } from '../adapter.js';

/** Where a Confab conversation lives in Chatwoot: its contact, contact inbox and conversation. */
export interface ChatwootLink {
  contactId: number;
  /** The contact inbox's source id, which `POST conversations` takes. */
  sourceId: string;
  /** Set once the conversation exists. */
  conversationId?: number;
}

/**
 * The post in flight in one conversation: set before the request with only `deliveryId`, and
 * with Chatwoot's `messageId` once it answered. Deliveries of a conversation go out one at a
 * time, so one entry per conversation tells a retry whether its post may have been made.
 */
export interface ChatwootPosting {
  deliveryId: string;
  messageId?: number;
}

function parse<T>(value: string | undefined, isValid: (parsed: Record<string, unknown>) => boolean): T | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && isValid(parsed as Record<string, unknown>) ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The adapter's durable map between Confab and Chatwoot, kept in its `context.state` so a
 * restart reuses the contacts and conversations it created: Confab id → {@link ChatwootLink},
 * Chatwoot conversation id → Confab id (for webhooks), and each conversation's {@link ChatwootPosting}.
 */
export class ChatwootLinks {
  readonly #state: AdapterState;

  constructor(state: AdapterState) {
    this.#state = state;
  }

  /** The Chatwoot side of a Confab conversation, as far as it was created. */
  async get(confabId: string): Promise<ChatwootLink | undefined> {
    return parse<ChatwootLink>(await this.#state.get(`conversation:${confabId}`), (link) => typeof link['contactId'] === 'number' && typeof link['sourceId'] === 'string');
  }

  /** Records how far the Chatwoot side was created; with a conversation, also the way back. */
  async set(confabId: string, link: ChatwootLink): Promise<void> {
    if (link.conversationId !== undefined) await this.#state.set(`chatwoot-conversation:${link.conversationId}`, confabId);
    await this.#state.set(`conversation:${confabId}`, JSON.stringify(link));
  }

  /** The Confab conversation of a Chatwoot conversation (by its display id), if this relay made it. */
  async confabIdOf(chatwootConversationId: number): Promise<string | undefined> {
    return this.#state.get(`chatwoot-conversation:${chatwootConversationId}`);
  }

  /** The post last started in a Confab conversation. */
  async posting(confabId: string): Promise<ChatwootPosting | undefined> {
    return parse<ChatwootPosting>(await this.#state.get(`posting:${confabId}`), (posting) => typeof posting['deliveryId'] === 'string');
  }

  async setPosting(confabId: string, posting: ChatwootPosting): Promise<void> {
    await this.#state.set(`posting:${confabId}`, JSON.stringify(posting));
  }
}
