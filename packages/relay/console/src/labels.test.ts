import { describe, expect, it } from 'vitest';
import { responderBadge, responderState } from './labels.js';
import { en, zhCN } from './strings.js';
import { conversation, message } from './test-support/fixtures.js';

describe('responderState', () => {
  it('says nothing special without routing', () => {
    expect(responderState(conversation({ lastMessage: message(1) }))).toEqual({ kind: 'agents' });
    expect(responderBadge(conversation({ lastMessage: message(1) }), en)).toBeUndefined();
  });

  it('names a bot or another desk that answers the conversation', () => {
    const held = conversation({ responder: 'faq', lastMessage: message(1) });
    expect(responderState(held)).toEqual({ kind: 'elsewhere', responder: 'faq' });
    expect(responderBadge(held, en)).toBe('Handled by faq');
    expect(responderBadge(held, zhCN)).toBe('由 faq 处理');
  });

  it('flags a conversation handed to the agents whose shopper waits for an answer', () => {
    const waiting = conversation({ responder: 'console', lastMessage: message(3, { author: { role: 'visitor' } }) });
    expect(responderState(waiting)).toEqual({ kind: 'needs-person' });
    expect(responderBadge(waiting, en)).toBe('Needs a person');
  });

  it('stops flagging once an agent answered, or the conversation closed', () => {
    const answered = conversation({ responder: 'console', lastMessage: message(4, { author: { role: 'agent', name: 'Mia' } }) });
    expect(responderState(answered)).toEqual({ kind: 'agents' });
    const closed = conversation({ responder: 'console', status: 'closed', lastMessage: message(3, { author: { role: 'visitor' } }) });
    expect(responderState(closed)).toEqual({ kind: 'agents' });
  });
});
