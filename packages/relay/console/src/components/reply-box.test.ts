import { describe, expect, it } from 'vitest';
import { quickReply } from '../test-support/fixtures.js';
import { $, $$, mount, record, shadow, text } from '../test-support/render.js';
import type { ReplyBox } from './reply-box.js';

const replies = [
  quickReply('shipping', 'We ship within 24 hours.'),
  quickReply('returns', 'Returns are free for 30 days.'),
  quickReply('hello', 'Hello! How can I help?'),
];

async function setup() {
  const box = await mount('confab-reply-box', { conversationId: 'conv_0000001', quickReplies: replies });
  const textarea = $<HTMLTextAreaElement>(box, 'textarea');
  const sends = record(box, 'confab-send-reply');
  const drafts = record(box, 'confab-draft-change');
  return { box, textarea, sends, drafts };
}

/** Types `value` as if the agent did: sets the text, puts the caret at the end, fires input. */
async function type(box: ReplyBox, textarea: HTMLTextAreaElement, value: string): Promise<void> {
  textarea.value = value;
  textarea.setSelectionRange(value.length, value.length);
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
  await box.updateComplete;
  await box.updateComplete;
}

function press(target: HTMLElement, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true, ...init });
  target.dispatchEvent(event);
  return event;
}

describe('ReplyBox', () => {
  it('has a labelled text box and a send button', async () => {
    const { box, textarea } = await setup();
    expect(text(shadow(box).querySelector(`label[for="${textarea.id}"]`))).toBe('Reply');
    expect(text($(box, '[data-testid="send-reply"]'))).toBe('Send');
  });

  it('sends on Enter and empties itself', async () => {
    const { box, textarea, sends, drafts } = await setup();
    await type(box, textarea, 'Hello there');
    expect(drafts.map((d) => d.detail.text)).toEqual(['Hello there']);
    const event = press(textarea, 'Enter');
    expect(event.defaultPrevented).toBe(true);
    expect(sends.map((e) => e.detail.text)).toEqual(['Hello there']);
    expect(textarea.value).toBe('');
  });

  it('adds a line on Shift+Enter instead of sending', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, 'Line one');
    const event = press(textarea, 'Enter', { shiftKey: true });
    expect(event.defaultPrevented).toBe(false);
    expect(sends).toHaveLength(0);
  });

  it('never sends on Enter while an input method is composing', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, 'ni hao');
    press(textarea, 'Enter', { isComposing: true });
    // Safari: the composition already ended, but the keydown still carries keyCode 229.
    press(textarea, 'Enter', { keyCode: 229 } as KeyboardEventInit);
    textarea.dispatchEvent(new CompositionEvent('compositionstart'));
    press(textarea, 'Enter');
    expect(sends).toHaveLength(0);
    textarea.dispatchEvent(new CompositionEvent('compositionend', { data: '你好' }));
    await type(box, textarea, '你好');
    press(textarea, 'Enter');
    expect(sends.map((e) => e.detail.text)).toEqual(['你好']);
  });

  it('does not send blank text', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, '  \n  ');
    press(textarea, 'Enter');
    $<HTMLButtonElement>(box, '[data-testid="send-reply"]').click();
    expect(sends).toHaveLength(0);
  });

  it('sends with the Send button', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, 'By click');
    $<HTMLButtonElement>(box, '[data-testid="send-reply"]').click();
    expect(sends.map((e) => e.detail.text)).toEqual(['By click']);
  });

  it('is disabled with a note while the conversation is closed', async () => {
    const box = await mount('confab-reply-box', { conversationId: 'conv_0000001', isClosed: true, draft: 'Too late' });
    const sends = record(box, 'confab-send-reply');
    const textarea = $<HTMLTextAreaElement>(box, 'textarea');
    expect(textarea.disabled).toBe(true);
    expect($<HTMLButtonElement>(box, '[data-testid="send-reply"]').disabled).toBe(true);
    expect(textarea.getAttribute('aria-describedby')).toContain('reply-closed');
    expect(text($(box, '[data-testid="reply-closed-note"]'))).toContain('This conversation is closed.');
    press(textarea, 'Enter');
    expect(sends).toHaveLength(0);
  });

  it('opens the quick-reply menu for / at the start and after a space, but not inside a word', async () => {
    const { box, textarea } = await setup();
    await type(box, textarea, '/');
    expect($$(box, '[role="option"]')).toHaveLength(3);
    await type(box, textarea, 'see https://x');
    expect($$(box, '[role="listbox"]')).toHaveLength(0);
    await type(box, textarea, 'Thanks! /ret');
    expect($$(box, '[role="option"]').map((o) => o.dataset.shortcut)).toEqual(['returns']);
  });

  it('points aria-activedescendant at the active option in the same tree', async () => {
    const { box, textarea } = await setup();
    await type(box, textarea, '/');
    const listbox = $(box, '[role="listbox"]');
    expect(textarea.getAttribute('aria-controls')).toBe(listbox.id);
    const first = textarea.getAttribute('aria-activedescendant')!;
    expect(shadow(box).getElementById(first)?.getAttribute('aria-selected')).toBe('true');
    press(textarea, 'ArrowDown');
    await box.updateComplete;
    await box.updateComplete;
    const second = textarea.getAttribute('aria-activedescendant')!;
    expect(second).not.toBe(first);
    expect(shadow(box).getElementById(second)?.getAttribute('aria-selected')).toBe('true');
  });

  it('inserts the chosen quick reply with arrows and Enter, without sending', async () => {
    const { box, textarea, sends, drafts } = await setup();
    await type(box, textarea, 'Hi! /');
    // Listed by shortcut: hello, returns, shipping.
    press(textarea, 'ArrowDown');
    press(textarea, 'ArrowDown');
    press(textarea, 'ArrowUp');
    const enter = press(textarea, 'Enter');
    await box.updateComplete;
    expect(enter.defaultPrevented).toBe(true);
    expect(sends).toHaveLength(0);
    expect(textarea.value).toBe('Hi! Returns are free for 30 days.');
    expect(textarea.selectionStart).toBe(textarea.value.length);
    expect(drafts.at(-1)!.detail.text).toBe('Hi! Returns are free for 30 days.');
    expect($$(box, '[role="listbox"]')).toHaveLength(0);
    expect(textarea.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('inserts with Tab too, and keeps the text after the caret', async () => {
    const { box, textarea } = await setup();
    textarea.value = '/shi and more';
    textarea.setSelectionRange(4, 4);
    textarea.dispatchEvent(new Event('input'));
    await box.updateComplete;
    await box.updateComplete;
    const tab = press(textarea, 'Tab');
    expect(tab.defaultPrevented).toBe(true);
    expect(textarea.value).toBe('We ship within 24 hours. and more');
  });

  it('inserts a quick reply on click', async () => {
    const { box, textarea } = await setup();
    await type(box, textarea, '/hel');
    $(box, '[role="option"]').click();
    expect(textarea.value).toBe('Hello! How can I help?');
  });

  it('dismisses the menu with Escape until another / is typed, and Enter then sends', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, '/sh');
    press(textarea, 'Escape');
    await box.updateComplete;
    expect($$(box, '[role="listbox"]')).toHaveLength(0);
    await type(box, textarea, '/shi');
    expect($$(box, '[role="listbox"]')).toHaveLength(0);
    press(textarea, 'Enter');
    expect(sends.map((e) => e.detail.text)).toEqual(['/shi']);
    await type(box, textarea, '/');
    expect($$(box, '[role="listbox"]')).toHaveLength(1);
  });

  it('says so when no quick reply matches, and Enter still sends', async () => {
    const { box, textarea, sends } = await setup();
    await type(box, textarea, '/zzz');
    expect(text($(box, '[data-testid="quick-reply-empty"]'))).toBe('No quick reply matches.');
    expect(textarea.hasAttribute('aria-controls')).toBe(false);
    press(textarea, 'Enter');
    expect(sends.map((e) => e.detail.text)).toEqual(['/zzz']);
  });

  describe('attaching files', () => {
    /** Picks files in the hidden file input, as the browser's file dialog would. */
    async function pick(box: ReplyBox, files: File[]): Promise<void> {
      const input = $<HTMLInputElement>(box, '[data-testid="attach-input"]');
      Object.defineProperty(input, 'files', { configurable: true, value: files });
      input.dispatchEvent(new Event('change', { bubbles: true }));
      await box.updateComplete;
    }

    it('opens the file dialog from "Attach file"', async () => {
      const { box } = await setup();
      const input = $<HTMLInputElement>(box, '[data-testid="attach-input"]');
      let opened = 0;
      input.addEventListener('click', () => (opened += 1));
      const button = $<HTMLButtonElement>(box, '[data-testid="attach-file"]');
      expect([button.type, text(button)]).toEqual(['button', 'Attach file']);
      button.click();
      expect(opened).toBe(1);
      expect(input.type).toBe('file');
      expect(input.multiple).toBe(true);
    });

    it('shows picked files with their size, removes one, and sends the rest with the text', async () => {
      const { box, textarea, sends } = await setup();
      await pick(box, [new File(['x'.repeat(2048)], 'label <1>.png'), new File(['notes'], 'notes.txt')]);
      const chips = $$(box, '[data-testid="attached-file"]');
      expect(chips.map((chip) => text(chip.querySelector('.file-name')) + ' | ' + text(chip.querySelector('.file-size')))).toEqual([
        'label <1>.png | 2 kB',
        'notes.txt | 5 bytes',
      ]);
      expect($(box, '[data-testid="attached-files"]').getAttribute('aria-label')).toBe('Files to send');
      const remove = $$<HTMLButtonElement>(box, '[data-testid="remove-file"]');
      expect(remove[1]!.getAttribute('aria-label')).toBe('Remove notes.txt');
      remove[1]!.click();
      await box.updateComplete;
      expect($$(box, '[data-testid="attached-file"]')).toHaveLength(1);

      await type(box, textarea, 'The label');
      press(textarea, 'Enter');
      expect(sends.map((e) => [e.detail.text, e.detail.files.map((file) => file.name)])).toEqual([['The label', ['label <1>.png']]]);
      await box.updateComplete;
      expect($$(box, '[data-testid="attached-file"]')).toHaveLength(0);
    });

    it('sends files without text, but nothing when there is neither', async () => {
      const { box, sends } = await setup();
      $<HTMLButtonElement>(box, '[data-testid="send-reply"]').click();
      expect(sends).toHaveLength(0);
      await pick(box, [new File(['a'], 'a.txt')]);
      $<HTMLButtonElement>(box, '[data-testid="send-reply"]').click();
      expect(sends.map((e) => [e.detail.text, e.detail.files.length])).toEqual([['', 1]]);
    });

    it('forgets picked files when another conversation opens, and takes none while closed', async () => {
      const { box } = await setup();
      await pick(box, [new File(['a'], 'a.txt')]);
      box.conversationId = 'conv_0000002';
      await box.updateComplete;
      expect($$(box, '[data-testid="attached-file"]')).toHaveLength(0);
      box.isClosed = true;
      await box.updateComplete;
      expect($<HTMLButtonElement>(box, '[data-testid="attach-file"]').disabled).toBe(true);
    });
  });

  describe('product cards and link buttons', () => {
    /** Opens a card form with its control and waits for the form to render and take focus. */
    async function openForm(box: ReplyBox, control: 'add-product' | 'add-link-button') {
      $<HTMLButtonElement>(box, `[data-testid="${control}"]`).click();
      await box.updateComplete;
      const form = $(box, control === 'add-product' ? 'confab-product-form' : 'confab-link-button-form') as HTMLElement & {
        updateComplete: Promise<boolean>;
      };
      await form.updateComplete;
      return form;
    }

    async function fillAndAdd(form: HTMLElement & { updateComplete: Promise<boolean> }, fields: Record<string, string>, submit: string) {
      for (const [id, value] of Object.entries(fields)) {
        const input = $<HTMLInputElement>(form, `#${id}`);
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await form.updateComplete;
      }
      $<HTMLButtonElement>(form, `[data-testid="${submit}"]`).click();
    }

    it('opens the product form with focus inside, and Escape closes it and returns focus to its control', async () => {
      const { box } = await setup();
      const control = $<HTMLButtonElement>(box, '[data-testid="add-product"]');
      expect(text(control)).toBe('Add product');
      expect(control.getAttribute('aria-expanded')).toBe('false');
      const form = await openForm(box, 'add-product');
      expect(control.getAttribute('aria-expanded')).toBe('true');
      expect(shadow(form).activeElement?.id).toBe('product-name');
      $(form, '#product-name').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
      await box.updateComplete;
      await box.updateComplete;
      expect($$(box, 'confab-product-form')).toHaveLength(0);
      expect(shadow(box).activeElement).toBe(control);
    });

    it('shows added cards and buttons as removable chips and sends them with the next reply', async () => {
      const { box, textarea, sends } = await setup();
      const changes = record(box, 'confab-cards-change');
      await fillAndAdd(await openForm(box, 'add-product'), { 'product-name': 'Kettle', 'product-price': '49.00', 'product-currency': 'EUR' }, 'add-product-submit');
      await box.updateComplete;
      await box.updateComplete;
      // The form closes and the agent carries on writing.
      expect($$(box, 'confab-product-form')).toHaveLength(0);
      expect(shadow(box).activeElement).toBe(textarea);
      await fillAndAdd(await openForm(box, 'add-link-button'), { 'link-label': 'Size guide', 'link-url': 'https://shop.example/sizes' }, 'add-link-button-submit');
      await box.updateComplete;
      const chips = $(box, '[data-testid="attached-cards"]');
      expect(chips.getAttribute('aria-label')).toBe('Cards and links to send');
      expect($$(box, '[data-testid="attached-product"]').map((chip) => text(chip.querySelector('.file-name')))).toEqual(['Product: Kettle, €49.00']);
      expect($$(box, '[data-testid="attached-link-button"]').map((chip) => text(chip.querySelector('.file-name')))).toEqual(['Link: Size guide']);
      expect(changes.at(-1)!.detail.cards).toEqual({
        products: [{ name: 'Kettle', price: '49.00', currency: 'EUR' }],
        buttons: [{ label: 'Size guide', url: 'https://shop.example/sizes' }],
      });

      await type(box, textarea, 'This one fits:');
      press(textarea, 'Enter');
      expect(sends.map((e) => [e.detail.text, e.detail.products, e.detail.buttons])).toEqual([
        ['This one fits:', [{ name: 'Kettle', price: '49.00', currency: 'EUR' }], [{ label: 'Size guide', url: 'https://shop.example/sizes' }]],
      ]);
      await box.updateComplete;
      expect($$(box, '[data-testid="attached-cards"]')).toHaveLength(0);
    });

    it('sends a card without text, and removes a chip with its labelled button', async () => {
      const { box, sends } = await setup();
      box.cards = { products: [{ name: 'Kettle' }, { name: 'Mug' }], buttons: [] };
      await box.updateComplete;
      const changes = record(box, 'confab-cards-change');
      const remove = $$<HTMLButtonElement>(box, '[data-testid="remove-card"]');
      expect(remove.map((button) => button.getAttribute('aria-label'))).toEqual(['Remove Kettle', 'Remove Mug']);
      remove[0]!.click();
      await box.updateComplete;
      expect(changes.map((e) => e.detail.cards.products)).toEqual([[{ name: 'Mug' }]]);
      $<HTMLButtonElement>(box, '[data-testid="send-reply"]').click();
      expect(sends.map((e) => [e.detail.text, e.detail.products])).toEqual([['', [{ name: 'Mug' }]]]);
    });

    it('offers the shopper’s product in the form, and adds no cards while closed or at the limit', async () => {
      const { box } = await setup();
      box.productSuggestion = { name: 'Kettle 1.7L', price: '129.00' };
      await box.updateComplete;
      const form = await openForm(box, 'add-product');
      expect(text($(form, '[data-testid="use-shopper-product"]'))).toBe('Use the shopper’s product: Kettle 1.7L');
      box.cards = { products: Array.from({ length: 10 }, (_, i) => ({ name: `P${i}` })), buttons: Array.from({ length: 5 }, (_, i) => ({ label: `B${i}`, url: 'https://x.example' })) };
      await box.updateComplete;
      expect($<HTMLButtonElement>(box, '[data-testid="add-product"]').disabled).toBe(true);
      expect($<HTMLButtonElement>(box, '[data-testid="add-link-button"]').disabled).toBe(true);
      box.cards = { products: [], buttons: [] };
      box.isClosed = true;
      await box.updateComplete;
      expect($<HTMLButtonElement>(box, '[data-testid="add-product"]').disabled).toBe(true);
      expect($$(box, 'confab-product-form')).toHaveLength(0);
    });
  });
});
