import { createHash } from 'node:crypto';
import type { AdapterReply } from '../adapter.js';
import type { ChatwootMessage } from './chatwoot-api.js';

/** Chatwoot's message types: numbers (0–3) in API answers and Action Cable, words in webhooks. */
export const CHATWOOT_MESSAGE_TYPES = ['incoming', 'outgoing', 'activity', 'template'] as const;
/** One of {@link CHATWOOT_MESSAGE_TYPES}. */
export type ChatwootMessageType = (typeof CHATWOOT_MESSAGE_TYPES)[number];

/** Reads a message type given as a word or as Chatwoot's enum number; undefined for anything else. */
export function messageTypeOf(value: unknown): ChatwootMessageType | undefined {
  if (typeof value === 'number') return CHATWOOT_MESSAGE_TYPES[value];
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (/^\d$/.test(word)) return CHATWOOT_MESSAGE_TYPES[Number(word)];
    return CHATWOOT_MESSAGE_TYPES.find((type) => type === word);
  }
  return undefined;
}

/** Starts the `source_id` of every message the adapter posts, followed by the delivery id. */
export const MARKER_PREFIX = 'confab-';

/** The `source_id` marking the message posted for a delivery: the same on every retry. */
export function markerOf(deliveryId: string): string {
  return `${MARKER_PREFIX}${deliveryId}`;
}

/** Whether a message carries the adapter's marker (in `source_id` or `content_attributes`): it posted it. */
export function hasOurMarker(message: Pick<ChatwootMessage, 'source_id' | 'content_attributes'>): boolean {
  if (typeof message.source_id === 'string' && message.source_id.startsWith(MARKER_PREFIX)) return true;
  return typeof message.content_attributes === 'object' && message.content_attributes !== null && 'confab_delivery_id' in message.content_attributes;
}

/** Whether a message is the one posted for `deliveryId` (Chatwoot before 4.x keeps only `content_attributes`, or neither). */
export function isMarkedFor(message: Pick<ChatwootMessage, 'source_id' | 'content_attributes'>, deliveryId: string): boolean {
  return message.source_id === markerOf(deliveryId) || message.content_attributes?.['confab_delivery_id'] === deliveryId;
}

/**
 * The Confab message id of a Chatwoot message: derived from the account and Chatwoot's message
 * id, so the same message delivered twice (a retry, or by both the inbox and an account
 * webhook) is stored once.
 */
export function replyIdOf(adapter: string, accountId: number, messageId: number): string {
  return createHash('sha256').update(`${adapter}\n${accountId}\n${messageId}`).digest('base64url').slice(0, 32);
}

/** What to do with a Chatwoot message: show it to the shopper, or skip it and why. */
export type InboundVerdict = { kind: 'reply'; reply: Omit<AdapterReply, 'id'> } | { kind: 'skip'; reason: string };

const BOT_SENDERS = new Set(['agent_bot', 'agentbot', 'captain_assistant', 'captain']);
const MAX_AUTHOR_NAME = 80;

function textOf(message: ChatwootMessage): string {
  const links = (message.attachments ?? [])
    .map((attachment) => attachment?.data_url)
    .filter((url): url is string => typeof url === 'string' && /^https?:\/\//.test(url));
  return [message.content?.trim() ?? '', ...links].filter((part) => part !== '').join('\n');
}

/**
 * Decides whether a Chatwoot message is an agent's (or bot's) reply for the shopper: only a
 * public `outgoing` message that the adapter did not post itself. Incoming messages are the
 * shopper's own (the adapter's echo), private notes stay in Chatwoot, and activity and template
 * messages are Chatwoot's own notices.
 */
export function agentReplyOf(message: ChatwootMessage): InboundVerdict {
  if (message.private === true) return { kind: 'skip', reason: 'a private note' };
  const type = messageTypeOf(message.message_type);
  if (type === 'incoming') return { kind: 'skip', reason: "an incoming message: the shopper's own, posted by this relay" };
  if (type !== 'outgoing') return { kind: 'skip', reason: `a message of type ${JSON.stringify(message.message_type)}, not an agent's reply` };
  if (hasOurMarker(message)) return { kind: 'skip', reason: 'posted by this relay (echo)' };
  const text = textOf(message);
  if (text === '') return { kind: 'skip', reason: 'no text' };
  const senderType = typeof message.sender?.type === 'string' ? message.sender.type.toLowerCase() : 'user';
  if (senderType === 'contact') return { kind: 'skip', reason: 'written by the contact' };
  const name = typeof message.sender?.name === 'string' ? message.sender.name.trim().slice(0, MAX_AUTHOR_NAME) : '';
  return {
    kind: 'reply',
    reply: { text, role: BOT_SENDERS.has(senderType) ? 'bot' : 'agent', ...(name === '' ? {} : { authorName: name }) },
  };
}
