import type { Author, ChatMessage, ConversationSummary, QuickReply } from '@confab/protocol';

/** A fixed "now" for tests: 2026-11-22 10:00:00 UTC. */
export const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

let counter = 0;
/** A unique id in the protocol's id format. */
export function testId(prefix = 'id'): string {
  counter += 1;
  return `${prefix}${String(counter).padStart(8, '0')}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** A conversation summary with sensible defaults. */
export function conversation(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: testId('conv'),
    status: 'open',
    createdAt: T0,
    updatedAt: T0,
    lastSeq: 0,
    unreadCount: 0,
    visitorLastReadSeq: 0,
    agentLastReadSeq: 0,
    visitorOnline: true,
    context: {},
    ...overrides,
  };
}

/** A stored message. */
export function message(seq: number, overrides: Partial<ChatMessage> & { author?: Author } = {}): ChatMessage {
  return {
    id: testId('msg'),
    seq,
    author: { role: 'visitor' },
    text: `message ${seq}`,
    createdAt: T0 + seq * 1000,
    ...overrides,
  };
}

/** A quick reply. */
export function quickReply(shortcut: string, text: string, overrides: Partial<QuickReply> = {}): QuickReply {
  return { id: testId('qr'), shortcut, text, updatedAt: T0, ...overrides };
}
