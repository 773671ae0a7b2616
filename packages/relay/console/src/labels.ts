import type { Author, ChatMessage, ConversationSummary } from '@confab/protocol';
import { shortId } from './format.js';
import type { Strings } from './strings.js';

/** How a conversation is named in the list, the header and the page: "Visitor 7XQ2". */
export function conversationTitle(conversation: Pick<ConversationSummary, 'id'>, strings: Strings): string {
  return strings.visitorName(shortId(conversation.id));
}

/** The label above a message or in a typing indicator: the author's name, else their role. */
export function authorLabel(author: Author, strings: Strings): string {
  switch (author.role) {
    case 'visitor':
      return strings.authorVisitor;
    case 'agent':
      return author.name || strings.authorAgent;
    case 'bot':
      return author.name || strings.authorBot;
    case 'system':
      return strings.authorSystem;
  }
}

/** What stands for a message without text: its files (after a paperclip), product names or button labels. */
function richPreview(message: ChatMessage): string {
  if (message.attachments?.length) return `📎 ${message.attachments.map((file) => file.name).join(', ')}`;
  if (message.products?.length) return message.products.map((product) => product.name ?? product.sku ?? '').join(', ');
  return (message.buttons ?? []).map((button) => button.label).join(', ');
}

/** The one-line preview of the last message in the list, at most `max` characters; a message of files only shows their names. */
export function messagePreview(conversation: ConversationSummary, strings: Strings, max = 120): string {
  const last = conversation.lastMessage;
  if (!last) return strings.noMessagesYet;
  const text = (last.text.trim() === '' ? richPreview(last) : last.text).replace(/\s+/g, ' ').trim();
  const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return last.author.role === 'visitor' ? clipped : strings.previewFrom(authorLabel(last.author, strings), clipped);
}

/**
 * The console adapter's name in the routing chain, as the relay's default config spells it. A
 * conversation whose responder is another adapter (a bot, another desk) is answered there.
 */
export const CONSOLE_RESPONDER = 'console';

/** Who holds a conversation, as far as the agents care: nobody special, another responder, or them with a shopper waiting. */
export type ResponderState = { kind: 'agents' } | { kind: 'elsewhere'; responder: string } | { kind: 'needs-person' };

/**
 * Reads the summary's `responder`: a conversation handed to the agents (the console is its
 * responder) whose last message is the shopper's, while open, needs a person; one held by a bot or
 * another desk is `elsewhere`; without routing, the agents simply answer.
 */
export function responderState(conversation: Pick<ConversationSummary, 'responder' | 'status' | 'lastMessage'>): ResponderState {
  const responder = conversation.responder;
  if (responder === undefined) return { kind: 'agents' };
  if (responder !== CONSOLE_RESPONDER) return { kind: 'elsewhere', responder };
  const waiting = conversation.status === 'open' && conversation.lastMessage?.author.role === 'visitor';
  return waiting ? { kind: 'needs-person' } : { kind: 'agents' };
}

/** The badge text for {@link responderState}, undefined when there is nothing to say. */
export function responderBadge(conversation: Pick<ConversationSummary, 'responder' | 'status' | 'lastMessage'>, strings: Strings): string | undefined {
  const state = responderState(conversation);
  if (state.kind === 'elsewhere') return strings.handledBy(state.responder);
  if (state.kind === 'needs-person') return strings.needsPerson;
  return undefined;
}
