import type { Author, ConversationSummary } from '@confab/protocol';
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

/** The one-line preview of the last message in the list, at most `max` characters. */
export function messagePreview(conversation: ConversationSummary, strings: Strings, max = 120): string {
  const last = conversation.lastMessage;
  if (!last) return strings.noMessagesYet;
  const text = last.text.replace(/\s+/g, ' ').trim();
  const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return last.author.role === 'visitor' ? clipped : strings.previewFrom(authorLabel(last.author, strings), clipped);
}
