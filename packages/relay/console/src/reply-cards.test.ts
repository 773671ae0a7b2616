import { describe, expect, it } from 'vitest';
import { checkLinkButton, checkProduct, EMPTY_PRODUCT, productDraftFrom } from './reply-cards.js';

describe('checkProduct', () => {
  it('needs only a name, trimmed', () => {
    expect(checkProduct({ ...EMPTY_PRODUCT, name: '  Kettle ' })).toEqual({ ok: true, value: { name: 'Kettle' } });
    expect(checkProduct({ ...EMPTY_PRODUCT, name: '   ' })).toEqual({ ok: false, problems: { name: 'required' } });
    expect(checkProduct({ ...EMPTY_PRODUCT, name: 'x'.repeat(301) })).toEqual({ ok: false, problems: { name: 'too-long' } });
  });

  it('keeps a price as the decimal string typed, and uppercases the currency', () => {
    const checked = checkProduct({ name: 'Kettle', price: '49.00', currency: 'eur', image: '', url: '' });
    expect(checked).toEqual({ ok: true, value: { name: 'Kettle', price: '49.00', currency: 'EUR' } });
  });

  it('refuses prices that are not plain decimals, a currency without a price, and odd currency codes', () => {
    for (const price of ['49,00', '-1', '1e3', '$49', '49.', '.5']) {
      expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', price })).toEqual({ ok: false, problems: { price: 'invalid' } });
    }
    expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', price: '1'.repeat(41) })).toEqual({ ok: false, problems: { price: 'too-long' } });
    expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', currency: 'EUR' })).toEqual({ ok: false, problems: { price: 'required' } });
    expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', price: '1', currency: 'EURO' })).toEqual({ ok: false, problems: { currency: 'invalid' } });
  });

  it('takes only absolute http and https image and product URLs, normalised', () => {
    const ok = checkProduct({ ...EMPTY_PRODUCT, name: 'K', image: 'HTTPS://Shop.example/k.png', url: 'http://shop.example/k' });
    expect(ok).toEqual({ ok: true, value: { name: 'K', image: 'https://shop.example/k.png', url: 'http://shop.example/k' } });
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/k.png', 'shop.example/k', 'mailto:a@b.example']) {
      expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', image: bad, url: bad })).toEqual({ ok: false, problems: { image: 'invalid', url: 'invalid' } });
    }
    const long = `https://shop.example/${'a'.repeat(2048)}`;
    expect(checkProduct({ ...EMPTY_PRODUCT, name: 'K', url: long })).toEqual({ ok: false, problems: { url: 'too-long' } });
  });

  it('reports every problem at once', () => {
    expect(checkProduct({ name: '', price: 'cheap', currency: '€', image: 'x', url: 'y' })).toEqual({
      ok: false,
      problems: { name: 'required', price: 'invalid', currency: 'invalid', image: 'invalid', url: 'invalid' },
    });
  });
});

describe('checkLinkButton', () => {
  it('takes a label and an http, https or mailto URL, like the relay', () => {
    expect(checkLinkButton({ label: ' Track my order ', url: 'https://shop.example/orders' })).toEqual({
      ok: true,
      value: { label: 'Track my order', url: 'https://shop.example/orders' },
    });
    expect(checkLinkButton({ label: 'Email us', url: 'mailto:help@shop.example' })).toMatchObject({ ok: true });
  });

  it('refuses a blank or long label and a missing, unsafe or relative URL', () => {
    expect(checkLinkButton({ label: ' ', url: '' })).toEqual({ ok: false, problems: { label: 'required', url: 'required' } });
    expect(checkLinkButton({ label: 'x'.repeat(101), url: 'javascript:alert(1)' })).toEqual({
      ok: false,
      problems: { label: 'too-long', url: 'invalid' },
    });
    expect(checkLinkButton({ label: 'Orders', url: '/orders' })).toEqual({ ok: false, problems: { url: 'invalid' } });
  });
});

describe('productDraftFrom', () => {
  it('fills the form from the shopper’s product, dropping URLs that are not http or https', () => {
    expect(
      productDraftFrom({ name: '电水壶 1.7L', sku: 'K-1', price: '129.00', currency: 'CNY', image: 'javascript:x', url: 'https://shop.example/k' }),
    ).toEqual({ name: '电水壶 1.7L', price: '129.00', currency: 'CNY', image: '', url: 'https://shop.example/k' });
  });

  it('names the product by its SKU when the page gave no name, and offers nothing without either', () => {
    expect(productDraftFrom({ sku: 'K-1' })?.name).toBe('K-1');
    expect(productDraftFrom({ price: '1' })).toBeUndefined();
    expect(productDraftFrom(undefined)).toBeUndefined();
  });
});
