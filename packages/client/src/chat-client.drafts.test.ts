import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setup, tick } from './test-support/harness.js';

const BOT = { role: 'bot', name: 'Shop assistant' } as const;

describe('ChatClient streamed replies', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a growing draft, then the finished message once, replacing the draft', async () => {
    const { relay, client, events } = setup();
    await tick();
    relay.draft('reply-00000001', 'The kettle');
    const first = client.drafts;
    relay.draft('reply-00000001', 'The kettle holds 1.7 litres');
    expect(events.of('draft')).toEqual([
      { id: 'reply-00000001', author: BOT, text: 'The kettle' },
      { id: 'reply-00000001', author: BOT, text: 'The kettle holds 1.7 litres' },
    ]);
    expect(client.drafts).toEqual([{ id: 'reply-00000001', author: BOT, text: 'The kettle holds 1.7 litres' }]);
    expect(client.drafts).not.toBe(first);
    expect(client.drafts).toBe(client.drafts);
    // A draft is never a message.
    expect(client.messages).toEqual([]);
    expect(events.of('message')).toEqual([]);

    relay.botSays('reply-00000001', 'The kettle holds 1.7 litres and boils in 4 minutes.');
    expect(client.drafts).toEqual([]);
    expect(events.of('message').map((message) => [message.id, message.text])).toEqual([
      ['reply-00000001', 'The kettle holds 1.7 litres and boils in 4 minutes.'],
    ]);
    // The message replaced the draft: no draft-end for it.
    expect(events.of('draft-end')).toEqual([]);
  });

  it('ignores drafts for a reply it already holds as a message, and repeats of that message', async () => {
    const { relay, client, events } = setup();
    await tick();
    const message = relay.botSays('reply-00000002', 'Yes, in stock.');
    // A late draft frame, overtaken by its message (another tab, a slow path).
    relay.draft('reply-00000002', 'Yes, in');
    relay.broadcast({ type: 'message', message });
    expect(events.of('draft')).toEqual([]);
    expect(client.drafts).toEqual([]);
    expect(events.of('message')).toHaveLength(1);
    expect(client.messages.map((held) => held.text)).toEqual(['Yes, in stock.']);
  });

  it('removes a draft on draft-end, and ignores draft-end for unknown drafts', async () => {
    const { relay, client, events } = setup();
    await tick();
    relay.draft('reply-00000003', 'Our kettle boils ');
    relay.broadcast({ type: 'draft-end', id: 'reply-00000003' });
    relay.broadcast({ type: 'draft-end', id: 'reply-00000003' });
    relay.broadcast({ type: 'draft-end', id: 'never-drafted' });
    expect(events.of('draft-end')).toEqual([{ id: 'reply-00000003' }]);
    expect(client.drafts).toEqual([]);
    // A retry may still store the reply later: it arrives as an ordinary message.
    relay.botSays('reply-00000003', 'Our kettle boils in 4 minutes.');
    expect(client.messages.map((held) => held.id)).toEqual(['reply-00000003']);
  });

  it('drops drafts at the next welcome after a reconnect, since their draft-end may have been missed', async () => {
    const { relay, client, events } = setup();
    await tick();
    relay.draft('reply-00000004', 'Let me check');
    relay.dropAll();
    await tick(250);
    expect(client.state).toBe('open');
    expect(events.of('draft-end')).toEqual([{ id: 'reply-00000004' }]);
    expect(client.drafts).toEqual([]);
    // A stream still running goes on with its next draft.
    relay.draft('reply-00000004', 'Let me check the stock');
    expect(client.drafts.map((draft) => draft.text)).toEqual(['Let me check the stock']);
  });

  it('carries quick replies on messages, live and replayed', async () => {
    const { relay, client } = setup();
    relay.botSays('reply-00000005', 'Anything else?', ['Shipping times', 'Talk to a person']);
    await tick();
    expect(client.messages[0]).toMatchObject({ text: 'Anything else?', quickReplies: ['Shipping times', 'Talk to a person'], isOwn: false });
    relay.agentSays('No buttons here');
    expect(client.messages[1]!.quickReplies).toBeUndefined();
  });
});
