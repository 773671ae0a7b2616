import './test-support/dom.js';
import { ConfabError } from '@confab/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineElements } from './define.js';
import { deepQuery, deepQueryAll, settle, textOf } from './test-support/dom.js';
import { FakeChatClient } from './test-support/fake-client.js';

beforeAll(() => defineElements());
afterEach(() => {
  document.body.replaceChildren();
  localStorage.clear();
});

async function openWidget() {
  const client = new FakeChatClient();
  const widget = document.createElement('confab-chat');
  widget.client = client;
  document.body.append(widget);
  await settle(widget);
  widget.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!.click();
  await settle(widget);
  const again = () => settle(widget);
  const log = () => deepQuery(widget, '[role="log"]')!;
  return { widget, client, again, log };
}

/** Settles the widget and the elements inside it that render on their own (forms after a submit). */
async function settleAll(widget: HTMLElement & { updateComplete: Promise<boolean> }): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await settle(widget as never);
    for (const node of deepQueryAll(widget, 'confab-away-notice, confab-rating-form, confab-message-list')) {
      await (node as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    }
  }
}

/** What a screen reader reads of the nested element `tag` (its own shadow tree). */
function shadowText(widget: HTMLElement, tag: string): string {
  return textOf(deepQuery(widget, tag)?.shadowRoot ?? null);
}

describe('<confab-chat> with bots, business hours and ratings', () => {
  it('grows a streamed reply outside the live log, then puts the finished message in the log once', async () => {
    const { widget, client, again, log } = await openWidget();
    client.draft('r1', 'Shipping takes');
    await again();
    client.draft('r1', 'Shipping takes 2–3 days');
    await again();
    const draft = deepQuery(widget, '[part="draft"]')!;
    expect(textOf(draft)).toContain('Shipping takes 2–3 days');
    expect(draft.getAttribute('aria-hidden')).toBe('true');
    expect(log().contains(draft)).toBe(false);
    expect(textOf(log())).not.toContain('Shipping takes');

    client.receive('Shipping takes 2–3 days within the EU.', { role: 'bot', name: 'Faq' }, { id: 'r1' });
    await again();
    expect(deepQuery(widget, '[part="draft"]')).toBeNull();
    expect(textOf(log()).match(/Shipping takes/g)).toHaveLength(1);
    expect(textOf(log())).toContain('Shipping takes 2–3 days within the EU.');
  });

  it('removes an abandoned draft', async () => {
    const { widget, client, again } = await openWidget();
    client.draft('r2', 'Let me check');
    await again();
    client.endDraft('r2');
    await again();
    expect(deepQuery(widget, '[part="draft"]')).toBeNull();
  });

  it('offers the newest bot message’s quick replies as buttons that send their text, then hides them', async () => {
    const { widget, client, again } = await openWidget();
    client.receive('Hi! What can I help with?', { role: 'bot', name: 'Faq' }, { quickReplies: ['Shipping times', '退货政策'] });
    await again();
    const group = deepQuery(widget, '[part="quick-replies"]')!;
    expect(group.getAttribute('role')).toBe('group');
    expect(group.getAttribute('aria-label')).toBe('Suggested replies');
    const buttons = deepQueryAll<HTMLButtonElement>(widget, '[part="quick-reply"]');
    expect(buttons.map((button) => textOf(button))).toEqual(['Shipping times', '退货政策']);
    const sent: string[] = [];
    widget.addEventListener('confab-message-sent', (event) => sent.push(event.detail.text));
    buttons[1]!.click();
    await settleAll(widget);
    expect(client.sent).toEqual(['退货政策']);
    expect(sent).toEqual(['退货政策']);
    expect(deepQuery(widget, '[part="quick-replies"]')).toBeNull();
  });

  it('offers no quick replies under the shopper’s own newest message', async () => {
    const { widget, client, again } = await openWidget();
    client.receive('Pick one', { role: 'bot' }, { quickReplies: ['A', 'B'] });
    await again();
    expect(deepQuery(widget, '[part="quick-replies"]')).not.toBeNull();
    void client.send('Neither');
    await again();
    expect(deepQuery(widget, '[part="quick-replies"]')).toBeNull();
  });

  it('says when the team is back outside business hours and stores the shopper’s email', async () => {
    const { widget, client, again } = await openWidget();
    expect(deepQuery(widget, 'confab-away-notice')).toBeNull();
    client.setAvailability({ isOpen: false, opensAt: Date.now() + 26 * 3600_000, timeZone: 'Europe/Berlin' });
    await settleAll(widget);
    expect(shadowText(widget, 'confab-away-notice')).toMatch(/We're away — we'll answer .+ at .+\./);
    const input = deepQuery<HTMLInputElement>(widget, '[part="email-input"]')!;
    const form = deepQuery<HTMLFormElement>(widget, '[part="email-form"]')!;

    input.value = 'not an address';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settleAll(widget);
    expect(client.emails).toEqual([]);
    expect(textOf(deepQuery(widget, '#email-error'))).toBe('Please enter an email address such as ana@example.com.');

    deepQuery<HTMLInputElement>(widget, '[part="email-input"]')!.value = ' ana@example.com ';
    deepQuery<HTMLFormElement>(widget, '[part="email-form"]')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settleAll(widget);
    expect(client.emails).toEqual(['ana@example.com']);
    expect(shadowText(widget, 'confab-away-notice')).toContain("Thanks! We'll write to ana@example.com.");

    client.setAvailability({ isOpen: true });
    await again();
    expect(deepQuery(widget, 'confab-away-notice')).toBeNull();
  });

  it('asks for a rating once the conversation is closed, sends it, thanks, and does not ask again', async () => {
    const { widget, client, again } = await openWidget();
    expect(deepQuery(widget, 'confab-rating-form')).toBeNull();
    client.setConversationStatus('closed');
    await settleAll(widget);
    const form = () => deepQuery<HTMLFormElement>(widget, '[part="rating-form"]')!;
    expect(textOf(form())).toContain('How was your chat?');
    const stars = deepQueryAll<HTMLInputElement>(widget, 'input[name="score"]');
    expect(stars.map((star) => star.getAttribute('aria-label'))).toEqual([
      '1 star, very poor',
      '2 stars, poor',
      '3 stars, okay',
      '4 stars, good',
      '5 stars, excellent',
    ]);

    form().dispatchEvent(new Event('submit', { cancelable: true }));
    await settleAll(widget);
    expect(client.ratings).toEqual([]);
    expect(shadowText(widget, 'confab-rating-form')).toContain('Please choose a score first.');

    client.requestError = new ConfabError('CONFAB_TIMEOUT', 'No answer');
    stars[3]!.checked = true;
    stars[3]!.dispatchEvent(new Event('change'));
    deepQuery<HTMLTextAreaElement>(widget, 'confab-rating-form textarea')!.value = '  Quick and kind  ';
    form().dispatchEvent(new Event('submit', { cancelable: true }));
    await settleAll(widget);
    expect(shadowText(widget, 'confab-rating-form')).toContain("That didn't go through. Please try again.");

    client.requestError = undefined;
    form().dispatchEvent(new Event('submit', { cancelable: true }));
    await settleAll(widget);
    expect(client.ratings.at(-1)).toEqual({ score: 4, comment: 'Quick and kind' });
    expect(shadowText(widget, 'confab-rating-form')).toContain('Thank you for your feedback!');

    // A new page of the same shopper: the rating is not asked for again.
    widget.remove();
    const next = document.createElement('confab-chat');
    const nextClient = new FakeChatClient({ conversationId: client.conversationId! });
    next.client = nextClient;
    document.body.append(next);
    await settle(next);
    next.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!.click();
    nextClient.setConversationStatus('closed');
    await again();
    await settle(next);
    expect(deepQuery(next, 'confab-rating-form')).toBeNull();
  });
});
