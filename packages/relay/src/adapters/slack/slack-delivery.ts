import type { ChatMessage } from '@confab/protocol';
import type { AttemptOutcome } from '../../outbox/retry-policy.js';
import type { AdapterDelivery, AttemptContext } from '../adapter.js';
import type { AdapterEvent } from '../adapter-events.js';
import { escapeSlackText, identityNote, identityText, messageLine, profileNote, profileText, rootText, type KnownShopper } from './slack-format.js';
import { rememberPosted, rememberRootShopper, rememberThread, takeRootShopper, threadOf, wasPosted, type RootShopper } from './slack-threads.js';
import { SLACK_METADATA_EVENT, type SlackPostMessage, type SlackWebApi } from './slack-web-api.js';

/** How much of the transcript a hand-over's root message shows. */
const HANDOVER_MESSAGES = 20;
const HANDOVER_LINE_CHARACTERS = 500;

/** Options of {@link slackDelivery}. */
export interface SlackDeliveryOptions {
  api: SlackWebApi;
  /** The configured channel (id or name). */
  channel: string;
  internalPrefix: string;
}

function clip(message: ChatMessage): ChatMessage {
  const characters = [...message.text];
  return characters.length <= HANDOVER_LINE_CHARACTERS ? message : { ...message, text: `${characters.slice(0, HANDOVER_LINE_CHARACTERS).join('')}…` };
}

/** The text of a thread reply for an event, or undefined when the event is not shown in Slack. */
function threadText(event: AdapterEvent): string | undefined {
  switch (event.type) {
    case 'message':
      return messageLine(event.message);
    case 'status':
      return event.status === 'closed' ? ':lock: The conversation was closed.' : ':arrows_counterclockwise: The shopper wrote again: the conversation is open.';
    case 'handover':
      return `:raising_hand: Handed over to Slack${event.from ? ` by ${escapeSlackText(event.from)}` : ''}: ${escapeSlackText(event.reason)}`;
    case 'rating':
      return `:star: Rated ${'★'.repeat(event.score)}${'☆'.repeat(5 - event.score)} (${event.score}/5)${event.comment ? `: ${escapeSlackText(event.comment)}` : ''}`;
    case 'contact':
      return `:email: The shopper left an email address: ${escapeSlackText(event.email)}`;
    case 'identity':
      return identityNote(event.identity);
    case 'profile':
      return profileNote(event.profile);
    case 'conversation-started':
      return undefined;
  }
}

/** What the root showed of the shopper, to recognise the same identity or answers arriving as their own event. */
function shownOf(shopper: KnownShopper | undefined): RootShopper {
  const profile = shopper?.profile && profileText(shopper.profile);
  return { ...(shopper?.identity ? { identity: identityText(shopper.identity) } : {}), ...(profile ? { profile } : {}) };
}

/**
 * The root message for a conversation that has no thread yet, or undefined when this event does
 * not start one. It shows who the shopper is and their pre-chat answers as the conversation knows
 * them now: identity and profile events that came before the thread had nowhere to go.
 */
async function rootFor(event: AdapterEvent, context: AttemptContext, internalPrefix: string): Promise<{ text: string; shown: RootShopper } | undefined> {
  if (event.type === 'message') {
    const shopper = await context.conversations.get(event.conversationId);
    const visitorName = event.message.author.role === 'visitor' ? event.message.author.name : undefined;
    const text = rootText({ conversationId: event.conversationId, context: event.context, messages: [event.message], internalPrefix, shopper, ...(visitorName ? { visitorName } : {}) });
    return { text, shown: shownOf(shopper) };
  }
  if (event.type === 'handover') {
    // Slack was not told of this conversation before it became its responder: show what was said.
    const summary = await context.conversations.get(event.conversationId);
    const after = Math.max(0, (summary?.lastSeq ?? 0) - HANDOVER_MESSAGES);
    const page = await context.conversations.transcript(event.conversationId, { after, limit: HANDOVER_MESSAGES });
    const messages = (page?.messages ?? []).map(clip);
    const visitorName = messages.find((message) => message.author.role === 'visitor' && message.author.name)?.author.name;
    const text = rootText({
      conversationId: event.conversationId,
      context: event.context,
      headline: `handed over${event.from ? ` by ${event.from}` : ''}: ${event.reason}`,
      messages,
      internalPrefix,
      shopper: summary,
      ...(visitorName ? { visitorName } : {}),
    });
    return { text, shown: shownOf(summary) };
  }
  return undefined;
}

/** Whether an identity or profile event only repeats what the thread's root showed. */
async function isShownInRoot(event: AdapterEvent, state: AttemptContext['state']): Promise<boolean> {
  if (event.type === 'identity') return takeRootShopper(state, event.conversationId, 'identity', identityText(event.identity));
  if (event.type === 'profile') return takeRootShopper(state, event.conversationId, 'profile', profileText(event.profile));
  return false;
}

/**
 * Makes one attempt at a delivery to Slack: the first message (or hand-over) of a conversation
 * posts the root of its thread in the channel, later events post in that thread (who the shopper
 * is and their pre-chat answers as short notes). Slack takes no idempotency key, so each post
 * carries the delivery id as metadata and a note is kept while it is in flight: a retry after an
 * answer that never came (a timeout, a crash) first looks in the thread (or, for a root, the
 * channel) for that post and records it instead of posting it twice.
 */
export function slackDelivery(options: SlackDeliveryOptions): (delivery: AdapterDelivery, context: AttemptContext) => Promise<AttemptOutcome> {
  return async (delivery, context) => {
    const { event, conversationId, deliveryId } = delivery;
    const { state, signal } = context;
    if (await wasPosted(state, conversationId, deliveryId)) return { kind: 'delivered' };
    const thread = await threadOf(state, conversationId);
    if (thread && (await isShownInRoot(event, state))) return { kind: 'delivered' };
    const root = thread ? undefined : await rootFor(event, context, options.internalPrefix);
    const text = thread ? threadText(event) : root?.text;
    // Status, rating, contact, identity and profile events of a conversation Slack never saw have no
    // thread to go in (the root shows identity and profile when it is posted).
    if (text === undefined) return { kind: 'delivered' };
    const record = async (ts: string, channel: string, shown: RootShopper = {}) => {
      if (thread) await rememberPosted(state, conversationId, deliveryId, ts);
      else {
        await rememberRootShopper(state, conversationId, shown);
        await rememberThread(state, conversationId, { channel, ts, deliveryId });
      }
      await state.delete(`posting:${deliveryId}`);
      return { kind: 'delivered' } as const;
    };
    const inFlightSince = await state.get(`posting:${deliveryId}`);
    if (inFlightSince !== undefined) {
      const lookup = thread ? { channel: thread.channel, threadTs: thread.ts } : { channel: options.channel, oldest: inFlightSince };
      const found = await options.api.findPosted(lookup, deliveryId, signal);
      if (found.kind === 'retry') return found;
      if (found.kind === 'ok' && found.value) return record(found.value.ts, found.value.channel);
      // Not there (or not readable, such as a channel given by name): post it now.
    }
    await state.set(`posting:${deliveryId}`, String(Math.floor(Date.now() / 1000) - 60));
    const message: SlackPostMessage = {
      channel: thread?.channel ?? options.channel,
      text,
      metadata: { event_type: SLACK_METADATA_EVENT, event_payload: { delivery_id: deliveryId, conversation_id: conversationId } },
      ...(thread ? { thread_ts: thread.ts } : {}),
    };
    const posted = await options.api.postMessage(message, signal);
    if (posted.kind === 'rejected') await state.delete(`posting:${deliveryId}`);
    if (posted.kind !== 'ok') return posted;
    // Only a root posted now is known to show `root.shown`: one found after a lost answer may have
    // shown an older identity, so its events are all posted (a repeat, never a gap).
    return record(posted.value.ts, posted.value.channel, root?.shown);
  };
}
