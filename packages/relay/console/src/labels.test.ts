import { describe, expect, it } from 'vitest';
import { messagePreview, responderBadge, responderState } from './labels.js';
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

describe('messagePreview', () => {
  it('previews a message of files only by their names, and one of product cards by the products', () => {
    const file = { id: 'up_0000000000001', name: 'kettle.png', type: 'image/png', size: 10, url: '/v1/uploads/up_0000000000001/kettle.png' };
    expect(messagePreview(conversation({ lastMessage: message(1, { text: '', attachments: [file, { ...file, name: 'label.pdf' }] }) }), en)).toBe('📎 kettle.png, label.pdf');
    expect(messagePreview(conversation({ lastMessage: message(2, { text: 'Look', attachments: [file] }) }), en)).toBe('Look');
    const card = message(3, { author: { role: 'bot', name: 'Assistant' }, text: '', products: [{ name: 'Linen shirt' }] });
    expect(messagePreview(conversation({ lastMessage: card }), en)).toBe(en.previewFrom('Assistant', 'Linen shirt'));
  });
});
