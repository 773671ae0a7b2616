import type { ChatMessage } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import { buildChatMessages, DEFAULT_SYSTEM_PROMPT, HANDOVER_MARKER } from './openai-prompt.js';

let seq = 0;
function said(role: ChatMessage['author']['role'], text: string): ChatMessage {
  seq++;
  return { id: `message-${String(seq).padStart(4, '0')}`, seq, author: { role }, text, createdAt: seq };
}

describe('buildChatMessages', () => {
  it('puts the prompt, the hand-over instruction and the product the shopper is looking at in one system message', () => {
    const [system, ...rest] = buildChatMessages({
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      context: {
        url: 'https://shop.example/p/kettle',
        title: 'Glass kettle 1.7 L',
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        localTime: '2026-03-01T21:15:00+08:00',
        product: { name: 'Glass kettle', sku: 'KT-17', price: '39.00', currency: 'EUR', availability: 'InStock', brand: 'Brewly' },
        custom: { plan: 'gold' },
      },
      transcript: [said('visitor', '有货吗？')],
    });
    expect(system!.role).toBe('system');
    expect(system!.content.startsWith(DEFAULT_SYSTEM_PROMPT)).toBe(true);
    expect(system!.content).toContain(`end your reply with ${HANDOVER_MARKER}`);
    for (const fact of [
      '- Page: Glass kettle 1.7 L <https://shop.example/p/kettle>',
      '- Product: Glass kettle',
      '- Brand: Brewly',
      '- SKU: KT-17',
      '- Price: 39.00 EUR',
      '- Availability: InStock',
      '- Shopper locale: zh-CN',
      '- Shopper local time: 2026-03-01T21:15:00+08:00 (Asia/Shanghai)',
      '- plan: gold',
    ]) {
      expect(system!.content).toContain(fact);
    }
    expect(rest).toEqual([{ role: 'user', content: '有货吗？' }]);
  });

  it('keeps the hand-over instruction with a custom prompt, and leaves out the page when nothing is known', () => {
    const [system] = buildChatMessages({ systemPrompt: 'You sell tea. ', context: {}, transcript: [] });
    expect(system!.content).toBe(system!.content.trim());
    expect(system!.content.startsWith('You sell tea.\n\n')).toBe(true);
    expect(system!.content).toContain(HANDOVER_MARKER);
    expect(system!.content).not.toContain("What the shopper is looking at");
  });

  it("maps the shopper to user and the team's bots and agents to assistant, joining turns of one side and skipping system notes", () => {
    const messages = buildChatMessages({
      systemPrompt: 'Prompt',
      context: {},
      transcript: [
        said('bot', 'Hi! How can I help?'),
        said('visitor', 'Do you ship to Taipei?'),
        said('visitor', 'And to Osaka?'),
        said('system', 'Conversation reopened'),
        said('agent', 'Yes to both.'),
        said('bot', 'Anything else?'),
        said('visitor', '   '),
        said('visitor', 'How long does it take?'),
      ],
    });
    expect(messages.slice(1)).toEqual([
      { role: 'assistant', content: 'Hi! How can I help?' },
      { role: 'user', content: 'Do you ship to Taipei?\n\nAnd to Osaka?' },
      { role: 'assistant', content: 'Yes to both.\n\nAnything else?' },
      { role: 'user', content: 'How long does it take?' },
    ]);
  });
});
