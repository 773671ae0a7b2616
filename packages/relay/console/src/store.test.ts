import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsoleStore, mergeMessages, totalUnread, visibleConversations } from './store.js';
import { conversation, message, quickReply, T0 } from './test-support/fixtures.js';

describe('ConsoleStore', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists open conversations first, then closed, each newest activity first', () => {
    const store = new ConsoleStore();
    const oldOpen = conversation({ updatedAt: T0 + 1 });
    const newOpen = conversation({ updatedAt: T0 + 3 });
    const newestClosed = conversation({ status: 'closed', updatedAt: T0 + 9 });
    const oldClosed = conversation({ status: 'closed', updatedAt: T0 });
    store.upsertConversations([oldClosed, oldOpen, newestClosed, newOpen]);
    expect(visibleConversations(store.state).map((c) => c.id)).toEqual([newOpen.id, oldOpen.id, newestClosed.id, oldClosed.id]);
    store.setFilter('closed');
    expect(visibleConversations(store.state).map((c) => c.id)).toEqual([newestClosed.id, oldClosed.id]);
    store.setFilter('open');
    expect(visibleConversations(store.state).map((c) => c.id)).toEqual([newOpen.id, oldOpen.id]);
  });

  it('moves a conversation to the top when a conversation frame reports new activity', () => {
    const store = new ConsoleStore();
    const a = conversation({ updatedAt: T0 + 2 });
    const b = conversation({ updatedAt: T0 + 1 });
    store.upsertConversations([a, b]);
    store.applyFrame({ type: 'conversation', conversation: { ...b, updatedAt: T0 + 5, unreadCount: 1, lastSeq: 1 } });
    expect(visibleConversations(store.state).map((c) => c.id)).toEqual([b.id, a.id]);
    expect(totalUnread(store.state)).toBe(1);
  });

  it('ignores a summary older than the one held, so a slow HTTP answer cannot undo a live update', () => {
    const store = new ConsoleStore();
    const held = conversation({ updatedAt: T0 + 5, lastSeq: 3, unreadCount: 3 });
    store.upsertConversations([held]);
    store.upsertConversations([{ ...held, updatedAt: T0 + 1, lastSeq: 1, unreadCount: 1 }]);
    expect(store.state.conversations.get(held.id)).toEqual(held);
  });

  it('counts a visitor message in another conversation as unread, once per message id', () => {
    const store = new ConsoleStore();
    const summary = conversation({ lastSeq: 2, agentLastReadSeq: 2 });
    store.upsertConversations([summary]);
    const incoming = message(3, { text: 'Is it in stock?' });
    store.applyFrame({ type: 'message', conversationId: summary.id, message: incoming });
    store.applyFrame({ type: 'message', conversationId: summary.id, message: incoming });
    const updated = store.state.conversations.get(summary.id)!;
    expect(updated.unreadCount).toBe(1);
    expect(updated.lastSeq).toBe(3);
    expect(updated.lastMessage).toEqual(incoming);
    // The relay's own conversation frame agrees and changes nothing more.
    store.applyFrame({ type: 'conversation', conversation: { ...updated, updatedAt: incoming.createdAt } });
    expect(totalUnread(store.state)).toBe(1);
  });

  it('does not count the agents’ own messages as unread', () => {
    const store = new ConsoleStore();
    const summary = conversation();
    store.upsertConversations([summary]);
    store.addMessages(summary.id, [message(1, { author: { role: 'agent', name: 'Mei' } })]);
    expect(store.state.conversations.get(summary.id)!.unreadCount).toBe(0);
  });

  it('reopens a closed conversation when the shopper writes again', () => {
    const store = new ConsoleStore();
    const summary = conversation({ status: 'closed', lastSeq: 4 });
    store.upsertConversations([summary]);
    store.addMessages(summary.id, [message(5)]);
    expect(store.state.conversations.get(summary.id)!.status).toBe('open');
  });

  it('keeps a transcript in seq order with each message id once', () => {
    const store = new ConsoleStore();
    const summary = conversation({ lastSeq: 4 });
    store.upsertConversations([summary]);
    const [m1, m2, m3, m4] = [message(1), message(2), message(3), message(4)];
    store.startTranscript(summary.id);
    store.applyFrame({ type: 'message', conversationId: summary.id, message: m4 });
    store.setTranscriptPage(summary.id, { messages: [m2, m3, m4], hasMore: true }, 'newest');
    store.setTranscriptPage(summary.id, { messages: [m1, m2], hasMore: false }, 'earlier');
    const transcript = store.state.transcripts.get(summary.id)!;
    expect(transcript.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(transcript.hasEarlier).toBe(false);
    expect(transcript.status).toBe('ready');
  });

  it('keeps the first copy of a message id, as the relay does', () => {
    const first = message(1, { text: 'first' });
    const merged = mergeMessages([first], [{ ...first, text: 'second' }]);
    expect(merged).toEqual([first]);
  });

  it('does not start a transcript from a live message alone', () => {
    const store = new ConsoleStore();
    const summary = conversation();
    store.upsertConversations([summary]);
    store.applyFrame({ type: 'message', conversationId: summary.id, message: message(1) });
    expect(store.state.transcripts.has(summary.id)).toBe(false);
  });

  it('confirms a pending reply when its message arrives, from HTTP or the stream', () => {
    const store = new ConsoleStore();
    const summary = conversation();
    store.upsertConversations([summary]);
    store.putPending(summary.id, { id: 'reply_00000001', text: 'Hi', createdAt: T0, status: 'pending' });
    expect(store.state.pending.get(summary.id)).toHaveLength(1);
    store.applyFrame({
      type: 'message',
      conversationId: summary.id,
      message: message(1, { id: 'reply_00000001', author: { role: 'agent', name: 'Mei' }, text: 'Hi' }),
    });
    expect(store.state.pending.has(summary.id)).toBe(false);
  });

  it('moves read positions forward only, and clears unread when the agents read everything', () => {
    const store = new ConsoleStore();
    const summary = conversation({ lastSeq: 5, unreadCount: 2, agentLastReadSeq: 3, visitorLastReadSeq: 4 });
    store.upsertConversations([summary]);
    store.applyFrame({ type: 'read', conversationId: summary.id, seq: 2, by: 'visitor' });
    expect(store.state.conversations.get(summary.id)!.visitorLastReadSeq).toBe(4);
    store.applyFrame({ type: 'read', conversationId: summary.id, seq: 5, by: 'visitor' });
    expect(store.state.conversations.get(summary.id)!.visitorLastReadSeq).toBe(5);
    store.applyFrame({ type: 'read', conversationId: summary.id, seq: 4, by: 'agent' });
    expect(store.state.conversations.get(summary.id)!.unreadCount).toBe(2);
    store.applyFrame({ type: 'read', conversationId: summary.id, seq: 5, by: 'agent' });
    expect(store.state.conversations.get(summary.id)).toMatchObject({ unreadCount: 0, agentLastReadSeq: 5 });
    // A stale summary from before the read does not bring the count back.
    store.upsertConversations([{ ...summary, unreadCount: 2 }]);
    expect(store.state.conversations.get(summary.id)!.unreadCount).toBe(0);
  });

  it('shows typing until false arrives or it expires', () => {
    const store = new ConsoleStore({ typingExpiryMs: 8000 });
    const summary = conversation();
    store.applyFrame({ type: 'typing', conversationId: summary.id, isTyping: true, author: { role: 'visitor' } });
    store.applyFrame({ type: 'typing', conversationId: summary.id, isTyping: true, author: { role: 'agent', name: 'Li' } });
    expect(store.state.typing.get(summary.id)).toEqual([{ role: 'visitor' }, { role: 'agent', name: 'Li' }]);
    store.applyFrame({ type: 'typing', conversationId: summary.id, isTyping: false, author: { role: 'agent', name: 'Li' } });
    expect(store.state.typing.get(summary.id)).toEqual([{ role: 'visitor' }]);
    vi.advanceTimersByTime(7999);
    expect(store.state.typing.get(summary.id)).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(store.state.typing.has(summary.id)).toBe(false);
    store.dispose();
  });

  it('replaces quick replies from the stream, sorted by shortcut', () => {
    const store = new ConsoleStore();
    const b = quickReply('shipping', 'We ship tomorrow.');
    const a = quickReply('hello', 'Hi there!');
    store.applyFrame({ type: 'quick-replies', quickReplies: [b, a] });
    expect(store.state.quickReplies).toEqual([a, b]);
    store.removeQuickReply(a.id);
    expect(store.state.quickReplies).toEqual([b]);
  });

  it('notifies subscribers with a new snapshot on each change, and not after unsubscribing', () => {
    const store = new ConsoleStore();
    const seen: unknown[] = [];
    const off = store.subscribe((state) => seen.push(state));
    const before = store.state;
    store.select('conv_0000001');
    expect(seen).toEqual([store.state]);
    expect(store.state).not.toBe(before);
    off();
    store.select(undefined);
    expect(seen).toHaveLength(1);
  });
});
