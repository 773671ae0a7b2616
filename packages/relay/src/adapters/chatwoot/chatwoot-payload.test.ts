import { describe, expect, it } from 'vitest';
import type { ChatwootMessage } from './chatwoot-api.js';
import { agentReplyOf, isMarkedFor, markerOf, messageTypeOf, replyIdOf } from './chatwoot-payload.js';

function message(fields: Partial<ChatwootMessage>): ChatwootMessage {
  return { id: 41, content: 'We have it in blue.', message_type: 'outgoing', private: false, sender: { id: 7, name: 'Mia', type: 'user' }, ...fields };
}

describe('agentReplyOf', () => {
  it("takes a public outgoing message as the agent's reply, with the agent's name", () => {
    expect(agentReplyOf(message({}))).toEqual({ kind: 'reply', reply: { text: 'We have it in blue.', role: 'agent', authorName: 'Mia' } });
    // API answers carry the type as a number (1 = outgoing); agent bots reply as bots.
    expect(agentReplyOf(message({ message_type: 1, sender: { type: 'agent_bot', name: 'Captain' } }))).toEqual({
      kind: 'reply',
      reply: { text: 'We have it in blue.', role: 'bot', authorName: 'Captain' },
    });
    expect(agentReplyOf(message({ content: null, attachments: [{ data_url: 'https://desk.example/blue.jpg' }] }))).toMatchObject({ reply: { text: 'https://desk.example/blue.jpg' } });
  });

  it('skips private notes, incoming messages, activity, and what the relay posted itself', () => {
    expect(agentReplyOf(message({ private: true }))).toEqual({ kind: 'skip', reason: 'a private note' });
    expect(agentReplyOf(message({ message_type: 'incoming' }))).toMatchObject({ kind: 'skip' });
    expect(agentReplyOf(message({ message_type: 0 }))).toMatchObject({ kind: 'skip' });
    expect(agentReplyOf(message({ message_type: 'activity', content: 'Conversation was marked resolved' }))).toMatchObject({ kind: 'skip' });
    expect(agentReplyOf(message({ source_id: markerOf('dlv_1') }))).toEqual({ kind: 'skip', reason: 'posted by this relay (echo)' });
    expect(agentReplyOf(message({ content_attributes: { confab_delivery_id: 'dlv_1' } }))).toEqual({ kind: 'skip', reason: 'posted by this relay (echo)' });
    expect(agentReplyOf(message({ content: '   ' }))).toEqual({ kind: 'skip', reason: 'no text' });
  });
});

describe('chatwoot message ids', () => {
  it('derives one Confab id per Chatwoot message and account, and recognises our own posts', () => {
    expect(replyIdOf('chatwoot', 1, 41)).toBe(replyIdOf('chatwoot', 1, 41));
    expect(replyIdOf('chatwoot', 1, 41)).not.toBe(replyIdOf('chatwoot', 2, 41));
    expect(replyIdOf('chatwoot', 1, 41)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(isMarkedFor({ source_id: markerOf('dlv_1') }, 'dlv_1')).toBe(true);
    expect(isMarkedFor({ source_id: null, content_attributes: { confab_delivery_id: 'dlv_1' } }, 'dlv_1')).toBe(true);
    expect(isMarkedFor({ source_id: markerOf('dlv_2') }, 'dlv_1')).toBe(false);
    expect(messageTypeOf('3')).toBe('template');
    expect(messageTypeOf('note')).toBeUndefined();
  });
});
