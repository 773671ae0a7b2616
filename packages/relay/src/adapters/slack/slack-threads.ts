import type { AdapterState } from '../adapter.js';

// The adapter's durable state (context.state), per conversation:
//   thread:<conversationId>        {"channel","ts","deliveryId"}: its thread's root, and the delivery that made it
//   conversation:<channel>:<ts>    the conversation a thread belongs to, for agents' replies
//   delivered:<conversationId>     {"deliveryId","ts"}: the last delivery posted, so a retry does not post it again
//   root-shopper:<conversationId>  {"identity","profile"}: what the root showed of the shopper, until the next such event
// Deliveries of one conversation go out one at a time, in order, so remembering the last one is
// enough to recognise a retry: one key per conversation instead of one per delivery.

/** A conversation's Slack thread: the root message's channel id and `ts`. */
export interface SlackThread {
  channel: string;
  ts: string;
  /** The delivery whose attempt posted the root. */
  deliveryId: string;
}

function parse<T>(value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

/** The conversation's thread, if its root was posted. */
export async function threadOf(state: AdapterState, conversationId: string): Promise<SlackThread | undefined> {
  return parse<SlackThread>(await state.get(`thread:${conversationId}`));
}

/** Remembers a freshly posted root, both ways. */
export async function rememberThread(state: AdapterState, conversationId: string, thread: SlackThread): Promise<void> {
  // The way back first: once the thread is recorded, replies to it must find their conversation.
  await state.set(`conversation:${thread.channel}:${thread.ts}`, conversationId);
  await state.set(`thread:${conversationId}`, JSON.stringify(thread));
}

/** The conversation whose thread has this root, if it is one of ours. */
export function conversationOfThread(state: AdapterState, channel: string, threadTs: string): Promise<string | undefined> {
  return state.get(`conversation:${channel}:${threadTs}`);
}

/** Whether `deliveryId` was already posted (the last delivery of its conversation, or its root). */
export async function wasPosted(state: AdapterState, conversationId: string, deliveryId: string): Promise<boolean> {
  const last = parse<{ deliveryId: string }>(await state.get(`delivered:${conversationId}`));
  if (last?.deliveryId === deliveryId) return true;
  return (await threadOf(state, conversationId))?.deliveryId === deliveryId;
}

/** Records that `deliveryId` was posted as message `ts`. */
export function rememberPosted(state: AdapterState, conversationId: string, deliveryId: string, ts: string): Promise<void> {
  return state.set(`delivered:${conversationId}`, JSON.stringify({ deliveryId, ts }));
}

/** What a thread's root showed of the shopper: the texts of their identity and pre-chat answers. */
export interface RootShopper {
  identity?: string;
  profile?: string;
}

/** Remembers what the root just posted showed of the shopper (nothing to keep when it showed nothing). */
export async function rememberRootShopper(state: AdapterState, conversationId: string, shown: RootShopper): Promise<void> {
  if (shown.identity !== undefined || shown.profile !== undefined) await state.set(`root-shopper:${conversationId}`, JSON.stringify(shown));
}

/**
 * Whether the root already showed `text` as the shopper's `kind`, forgetting it either way: an
 * identity or profile stored just after the first message reaches the thread both in its root
 * and as its own event, which then needs no note. Any later event is news.
 */
export async function takeRootShopper(state: AdapterState, conversationId: string, kind: keyof RootShopper, text: string | undefined): Promise<boolean> {
  const key = `root-shopper:${conversationId}`;
  const shown = parse<RootShopper>(await state.get(key));
  if (shown?.[kind] === undefined) return false;
  const rest: RootShopper = { ...shown };
  delete rest[kind];
  if (rest.identity === undefined && rest.profile === undefined) await state.delete(key);
  else await state.set(key, JSON.stringify(rest));
  return shown[kind] === text;
}
