import type { ChatMessage, VisitorContext } from '@confab/protocol';
import type { AttemptOutcome } from '../../outbox/retry-policy.js';
import type { AdapterDelivery, AttemptContext } from '../adapter.js';
import type { HandoverEvent } from '../adapter-events.js';
import { ChatwootApiError, type ChatwootApi, type ChatwootContact, type ChatwootContactUpdate, type NewChatwootMessage } from './chatwoot-api.js';
import { identityFields, newContactFields, profileFields, type ContactFields } from './chatwoot-contact-fields.js';
import { ChatwootLinks, type ChatwootLink } from './chatwoot-links.js';
import { isMarkedFor, markerOf } from './chatwoot-payload.js';

/** Options of {@link chatwootDelivery}. */
export interface ChatwootDeliveryOptions {
  accountId: number;
  inboxId: number;
  api: ChatwootApi;
}

/** A link whose conversation exists. */
type LinkedConversation = ChatwootLink & { conversationId: number };

/** Handover notes carry at most this many of the last messages, and this many characters. */
const HANDOVER_MESSAGES = 100;
const MAX_NOTE_LENGTH = 20_000;
const TRANSCRIPT_PAGE = 100;

const ROLE_LABELS: Readonly<Record<string, string>> = { visitor: 'Shopper', agent: 'Agent', bot: 'Bot', system: 'System' };

function authorLabel(message: ChatMessage): string {
  const role = ROLE_LABELS[message.author.role] ?? message.author.role;
  return message.author.name === undefined ? role : `${message.author.name} (${role.toLowerCase()})`;
}

function compact(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function isUnprocessable(error: unknown): boolean {
  return error instanceof ChatwootApiError && error.status === 422;
}

/** What an agent in Chatwoot sees of the shopper, as conversation custom attributes. */
function conversationAttributes(confabId: string, context: VisitorContext | undefined): Record<string, string> {
  const product = context?.product;
  const price = product?.price === undefined ? undefined : [product.price, product.currency].filter(Boolean).join(' ');
  return compact({
    confab_conversation_id: confabId,
    page_url: context?.url,
    page_title: context?.title,
    locale: context?.locale,
    time_zone: context?.timeZone,
    product_name: product?.name,
    product_sku: product?.sku,
    product_price: price,
    product_url: product?.url,
  });
}

function contextLines(context: VisitorContext | undefined): string[] {
  const lines: string[] = [];
  if (context?.url) lines.push(`Page: ${[context.title, context.url].filter(Boolean).join(' — ')}`);
  const product = context?.product;
  if (product?.name) {
    const price = product.price === undefined ? '' : `, ${[product.price, product.currency].filter(Boolean).join(' ')}`;
    lines.push(`Product: ${product.name}${product.sku ? ` (${product.sku})` : ''}${price}`);
  }
  if (context?.locale || context?.localTime) lines.push(`Locale: ${[context.locale, context.localTime].filter(Boolean).join(', ')}`);
  return lines;
}

/** Keeps the end of a long note: the latest messages matter most to the agent taking over. */
function capped(text: string): string {
  return text.length <= MAX_NOTE_LENGTH ? text : `…${text.slice(text.length - MAX_NOTE_LENGTH + 1)}`;
}

async function lastMessages(context: AttemptContext, conversationId: string): Promise<{ messages: ChatMessage[]; total: number }> {
  let kept: ChatMessage[] = [];
  let total = 0;
  let after: number | undefined;
  for (;;) {
    const page = await context.conversations.transcript(conversationId, { limit: TRANSCRIPT_PAGE, ...(after === undefined ? {} : { after }) });
    if (!page || page.messages.length === 0) break;
    total += page.messages.length;
    kept = [...kept, ...page.messages].slice(-HANDOVER_MESSAGES);
    if (!page.hasMore) break;
    after = page.messages.at(-1)!.seq;
  }
  return { messages: kept, total };
}

async function handoverNote(event: HandoverEvent, context: AttemptContext): Promise<string> {
  const { messages, total } = await lastMessages(context, event.conversationId);
  const heading = `Handed over to Chatwoot${event.from ? ` by ${event.from}` : ''}: ${event.reason}`;
  const shown = total > messages.length ? `the last ${messages.length} of ${total} messages` : `${total} message${total === 1 ? '' : 's'}`;
  const transcript = messages.map((message) => `${authorLabel(message)}: ${message.text}`);
  return capped([heading, ...contextLines(event.context), '', `Transcript (${shown}):`, ...transcript].join('\n'));
}

/**
 * The outbound half of the chatwoot adapter: each outbox delivery becomes Application API calls.
 * The first event of a conversation creates a contact (identifier `confab:<id>`) with a contact
 * inbox in the API-channel inbox and a conversation; their ids are kept in `context.state`, so a
 * retry or a restart reuses them, and a lost answer is found again (the identifier is unique,
 * the contact's conversations are listed). The shopper's messages are posted as `incoming`,
 * everything else as private notes, each marked with `source_id: confab-<deliveryId>` so a retry
 * after a lost answer finds the message instead of posting it twice. Who the shopper is (`identity`)
 * and their pre-chat answers (`profile`) go on the contact (see chatwoot-contact-fields.ts): with
 * `PUT contacts/<id>` once it exists, else in the call that creates it.
 */
export function chatwootDelivery(options: ChatwootDeliveryOptions): (delivery: AdapterDelivery, context: AttemptContext) => Promise<AttemptOutcome> {
  const { api, inboxId } = options;

  async function findContact(identifier: string, signal: AbortSignal): Promise<ChatwootContact | undefined> {
    return (await api.searchContacts(identifier, signal)).find((contact) => contact.identifier === identifier);
  }

  async function ensureConversation(confabId: string, visitorContext: VisitorContext | undefined, links: ChatwootLinks, context: AttemptContext): Promise<LinkedConversation> {
    const { signal } = context;
    let link = await links.get(confabId);
    if (link?.conversationId !== undefined) return link as LinkedConversation;
    let isNewContact = false;
    if (!link) {
      const identifier = `confab:${confabId}`;
      const sourceId = `confab-${confabId}`;
      // Who the shopper is may be known already (identify() or the pre-chat form before the first
      // message, or told to the responder before a hand-over): the contact starts with it.
      const shopper = newContactFields(confabId, visitorContext, await context.conversations.get(confabId));
      const input = { inboxId, ...shopper, identifier, sourceId };
      try {
        const created = await api.createContact(input, signal).catch(async (error: unknown) => {
          // 422 "Email has already been taken": the shopper is a contact already; ours goes without the address.
          if (!(shopper.email !== undefined && isUnprocessable(error) && !(await findContact(identifier, signal)))) throw error;
          return api.createContact({ ...input, email: undefined }, signal);
        });
        link = { contactId: created.contact.id, sourceId: created.sourceId };
        isNewContact = true;
      } catch (error) {
        // 422 "Identifier has already been taken": an earlier attempt created it and its answer was lost.
        if (!isUnprocessable(error)) throw error;
        const found = await findContact(identifier, signal);
        if (!found) throw error;
        const inboxSourceId = found.contact_inboxes?.find((contactInbox) => contactInbox.inbox?.id === inboxId)?.source_id;
        link = { contactId: found.id, sourceId: inboxSourceId ?? sourceId };
      }
      await links.set(confabId, link);
    }
    // A contact of our own that existed before this attempt may already have our conversation.
    const existing = isNewContact ? undefined : (await api.contactConversations(link.contactId, signal)).find((conversation) => conversation.inbox_id === inboxId);
    const conversation =
      existing ??
      (await api.createConversation({ sourceId: link.sourceId, inboxId, contactId: link.contactId, customAttributes: conversationAttributes(confabId, visitorContext) }, signal));
    const linked = { ...link, conversationId: conversation.id };
    await links.set(confabId, linked);
    return linked;
  }

  /** Posts one message for a delivery, at most once even when an answer was lost. */
  async function postOnce(
    confabId: string,
    link: LinkedConversation,
    deliveryId: string,
    message: Pick<NewChatwootMessage, 'content' | 'message_type' | 'private'>,
    links: ChatwootLinks,
    signal: AbortSignal,
  ): Promise<void> {
    const marker = markerOf(deliveryId);
    const posting = await links.posting(confabId);
    if (posting?.deliveryId === deliveryId) {
      if (posting.messageId !== undefined) return;
      // The last attempt sent it and did not hear back: Chatwoot may have it.
      const earlier = (await api.listMessages(link.conversationId, signal)).find((candidate) => isMarkedFor(candidate, deliveryId));
      if (earlier) return links.setPosting(confabId, { deliveryId, messageId: earlier.id });
    }
    await links.setPosting(confabId, { deliveryId });
    const created = await api.createMessage(
      link.conversationId,
      { ...message, source_id: marker, content_attributes: { confab_delivery_id: deliveryId, confab_conversation_id: confabId } },
      signal,
    );
    await links.setPosting(confabId, { deliveryId, messageId: created.id });
  }

  /** Sets what is known of the shopper on the contact; PUT is idempotent, so a retry may repeat it. */
  async function updateContact(contactId: number, fields: ContactFields, signal: AbortSignal): Promise<void> {
    const update: ChatwootContactUpdate = { ...(fields.name === undefined ? {} : { name: fields.name }), custom_attributes: fields.customAttributes };
    try {
      await api.updateContact(contactId, fields.email === undefined ? update : { ...update, email: fields.email }, signal);
    } catch (error) {
      // 422 "Email has already been taken": another contact has the address; the rest still belongs on ours.
      if (!(fields.email !== undefined && isUnprocessable(error))) throw error;
      await api.updateContact(contactId, update, signal);
    }
  }

  async function deliver(delivery: AdapterDelivery, context: AttemptContext): Promise<void> {
    const { event } = delivery;
    const { signal } = context;
    const links = new ChatwootLinks(context.state);
    const confabId = event.conversationId;
    const note = async (content: string, link?: LinkedConversation) => {
      const target = link ?? (await links.get(confabId));
      // Nothing to annotate when the conversation never reached Chatwoot (another responder had it).
      if (target?.conversationId === undefined) return;
      await postOnce(confabId, target as LinkedConversation, delivery.deliveryId, { content, message_type: 'outgoing', private: true }, links, signal);
    };
    switch (event.type) {
      case 'conversation-started':
        await ensureConversation(confabId, event.context, links, context);
        return;
      case 'message': {
        const link = await ensureConversation(confabId, event.context, links, context);
        if (event.message.author.role === 'visitor') {
          await postOnce(confabId, link, delivery.deliveryId, { content: event.message.text, message_type: 'incoming', private: false }, links, signal);
        } else {
          // Replies written elsewhere (a bot, the console) keep Chatwoot's transcript whole without reaching the contact.
          await note(`${authorLabel(event.message)} replied: ${event.message.text}`, link);
        }
        return;
      }
      case 'status': {
        const link = await links.get(confabId);
        if (link?.conversationId === undefined) return;
        await api.toggleStatus(link.conversationId, event.status === 'closed' ? 'resolved' : 'open', signal);
        return;
      }
      case 'handover': {
        const link = await ensureConversation(confabId, event.context, links, context);
        await note(await handoverNote(event, context), link);
        return;
      }
      case 'rating': {
        const stars = '★'.repeat(event.score) + '☆'.repeat(5 - event.score);
        await note([`The shopper rated this conversation ${event.score}/5 ${stars}`, event.comment].filter(Boolean).join('\n'));
        return;
      }
      case 'contact': {
        const summary = await context.conversations.get(confabId);
        const link = await ensureConversation(confabId, summary?.context, links, context);
        // A verified identity's address stays the contact's; the note below still tells the agent this one.
        const hasVerifiedEmail = summary?.identity?.isVerified === true && summary.identity.email !== undefined;
        try {
          if (!hasVerifiedEmail) await api.updateContact(link.contactId, { email: event.email }, signal);
        } catch (error) {
          // 422: another contact has this address already; the note below still tells the agent.
          if (!(error instanceof ChatwootApiError && error.status === 422)) throw error;
        }
        await note(`The shopper left an email address to be answered at: ${event.email}`, link);
        return;
      }
      case 'identity':
      case 'profile': {
        const link = await links.get(confabId);
        // No contact yet: it is created with the latest identity and answers, read from the conversation then.
        if (!link) return;
        const fields = event.type === 'identity' ? identityFields(event.identity) : profileFields(event.profile, (await context.conversations.get(confabId))?.identity);
        await updateContact(link.contactId, fields, signal);
        return;
      }
    }
  }

  return async (delivery, context) => {
    try {
      await deliver(delivery, context);
      return { kind: 'delivered' };
    } catch (error) {
      if (error instanceof ChatwootApiError) return error.outcome;
      throw error;
    }
  };
}
