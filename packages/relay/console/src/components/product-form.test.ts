import { describe, expect, it } from 'vitest';
import { zhCN } from '../strings.js';
import { $, $$, mount, record, shadow, text } from '../test-support/render.js';
import type { ProductForm } from './product-form.js';

/** Types into a field as the agent would and waits for the form to render it. */
async function fill(form: ProductForm, id: string, value: string): Promise<void> {
  const input = $<HTMLInputElement>(form, `#${id}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await form.updateComplete;
}

async function submit(form: ProductForm): Promise<void> {
  $<HTMLButtonElement>(form, '[data-testid="add-product-submit"]').click();
  await form.updateComplete;
  await form.updateComplete;
}

function fieldError(form: ProductForm, id: string): string {
  return text($(form, `#${id}-error`));
}

describe('ProductForm', () => {
  it('labels every field, marks the optional ones and takes focus when it opens', async () => {
    const form = await mount('confab-product-form');
    const labels = $$<HTMLLabelElement>(form, 'label').map((label) => [label.htmlFor, text(label)]);
    expect(labels).toEqual([
      ['product-name', 'Name'],
      ['product-price', 'Price (optional)'],
      ['product-currency', 'Currency (optional)'],
      ['product-image', 'Image URL (optional)'],
      ['product-url', 'Product URL (optional)'],
    ]);
    expect($(form, 'form').getAttribute('aria-labelledby')).toBe('product-form-heading');
    expect(shadow(form).activeElement?.id).toBe('product-name');
  });

  it('shows inline errors, marks the fields invalid and focuses the first one', async () => {
    const form = await mount('confab-product-form');
    const adds = record(form, 'confab-add-product');
    await fill(form, 'product-price', '49,00');
    await fill(form, 'product-url', 'javascript:alert(1)');
    await submit(form);
    expect(adds).toHaveLength(0);
    expect(fieldError(form, 'product-name')).toBe('Enter the product’s name.');
    expect(fieldError(form, 'product-price')).toContain('such as 129.00');
    expect(fieldError(form, 'product-url')).toBe('Use a full address starting with https:// or http://.');
    expect(fieldError(form, 'product-image')).toBe('');
    const name = $<HTMLInputElement>(form, '#product-name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe('product-name-error');
    expect($(form, '#product-image').getAttribute('aria-invalid')).toBe('false');
    expect(shadow(form).activeElement?.id).toBe('product-name');
  });

  it('adds a valid card and empties itself', async () => {
    const form = await mount('confab-product-form');
    const adds = record(form, 'confab-add-product');
    await fill(form, 'product-name', 'Kettle');
    await fill(form, 'product-price', '49.00');
    await fill(form, 'product-currency', 'eur');
    await fill(form, 'product-image', 'https://shop.example/k.png');
    await submit(form);
    expect(adds.map((e) => e.detail.product)).toEqual([{ name: 'Kettle', price: '49.00', currency: 'EUR', image: 'https://shop.example/k.png' }]);
    expect($<HTMLInputElement>(form, '#product-name').value).toBe('');
  });

  it('offers the shopper’s product as a one-click prefill, only when the context names one', async () => {
    const form = await mount('confab-product-form', {
      suggestion: { name: 'Kettle 1.7L', price: '129.00', currency: 'CNY', url: 'https://shop.example/k', image: 'data:x' },
    });
    const adds = record(form, 'confab-add-product');
    const prefill = $<HTMLButtonElement>(form, '[data-testid="use-shopper-product"]');
    expect(text(prefill)).toBe('Use the shopper’s product: Kettle 1.7L');
    prefill.click();
    await form.updateComplete;
    expect($<HTMLInputElement>(form, '#product-price').value).toBe('129.00');
    expect($<HTMLInputElement>(form, '#product-image').value).toBe('');
    await submit(form);
    expect(adds.map((e) => e.detail.product)).toEqual([{ name: 'Kettle 1.7L', price: '129.00', currency: 'CNY', url: 'https://shop.example/k' }]);

    const none = await mount('confab-product-form', { suggestion: { price: '1.00' } });
    expect($$(none, '[data-testid="use-shopper-product"]')).toHaveLength(0);
  });

  it('closes on Escape and on Cancel without adding anything', async () => {
    const form = await mount('confab-product-form');
    const closes = record(form, 'confab-close-card-form');
    const adds = record(form, 'confab-add-product');
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true });
    $(form, '#product-name').dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    $(form, '[data-testid="cancel-product"]').click();
    expect(closes).toHaveLength(2);
    expect(adds).toHaveLength(0);
  });

  it('speaks the agent’s language', async () => {
    const form = await mount('confab-product-form', { strings: zhCN });
    await submit(form);
    expect(fieldError(form, 'product-name')).toBe('请输入商品名称。');
  });
});
