import { describe, expect, it } from 'vitest';
import { $, $$, mount, record, shadow, text } from '../test-support/render.js';
import type { LinkButtonForm } from './link-button-form.js';

async function fill(form: LinkButtonForm, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(form, `#${id}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await form.updateComplete;
}

async function submit(form: LinkButtonForm): Promise<void> {
  $<HTMLButtonElement>(form, '[data-testid="add-link-button-submit"]').click();
  await form.updateComplete;
  await form.updateComplete;
}

describe('LinkButtonForm', () => {
  it('has a labelled label and URL field and focuses the label when it opens', async () => {
    const form = await mount('confab-link-button-form');
    expect($$<HTMLLabelElement>(form, 'label').map((label) => [label.htmlFor, text(label)])).toEqual([
      ['link-label', 'Label'],
      ['link-url', 'URL'],
    ]);
    expect($(form, '#link-url').getAttribute('aria-describedby')).toBe('link-url-hint link-url-error');
    expect(shadow(form).activeElement?.id).toBe('link-label');
  });

  it('refuses an unsafe URL inline and focuses it', async () => {
    const form = await mount('confab-link-button-form');
    const adds = record(form, 'confab-add-link-button');
    await fill(form, 'link-label', 'Size guide');
    await fill(form, 'link-url', 'javascript:alert(1)');
    await submit(form);
    expect(adds).toHaveLength(0);
    expect(text($(form, '#link-url-error'))).toBe('Use a full address starting with https://, http:// or mailto:.');
    expect($(form, '#link-url').getAttribute('aria-invalid')).toBe('true');
    expect(shadow(form).activeElement?.id).toBe('link-url');
  });

  it('asks for both fields when they are empty', async () => {
    const form = await mount('confab-link-button-form');
    await submit(form);
    expect(text($(form, '#link-label-error'))).toBe('Enter the text the button shows.');
    expect(text($(form, '#link-url-error'))).toBe('Enter the address the button opens.');
    expect(shadow(form).activeElement?.id).toBe('link-label');
  });

  it('adds a valid button, normalised, and closes on Escape', async () => {
    const form = await mount('confab-link-button-form');
    const adds = record(form, 'confab-add-link-button');
    const closes = record(form, 'confab-close-card-form');
    await fill(form, 'link-label', 'Track my order');
    await fill(form, 'link-url', 'HTTPS://shop.example/orders');
    await submit(form);
    expect(adds.map((e) => e.detail.button)).toEqual([{ label: 'Track my order', url: 'https://shop.example/orders' }]);
    $(form, '#link-label').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(closes).toHaveLength(1);
  });
});
