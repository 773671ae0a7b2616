import type { VisitorContext } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../strings.js';
import { conversation, T0 } from '../test-support/fixtures.js';
import { $, $$, mount, text } from '../test-support/render.js';

const fullContext: VisitorContext = {
  url: 'https://shop.example/p/kettle?ref=mail',
  title: 'Electric kettle 1.7 L – Demo Shop',
  referrer: 'https://search.example/?q=kettle',
  locale: 'zh-CN',
  languages: ['zh-CN', 'en'],
  timeZone: 'Asia/Shanghai',
  localTime: '2026-11-22T18:00:00+08:00',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  screen: { width: 1440, height: 900 },
  product: {
    name: 'Electric kettle 1.7 L',
    sku: 'KT-170',
    price: '129.00',
    currency: 'CNY',
    availability: 'https://schema.org/InStock',
    image: 'https://shop.example/img/kettle.jpg',
    brand: 'Boil & Co',
  },
  custom: { plan: 'gold', note: '<b>VIP</b>' },
};

/** The text of each `dt`/`dd` pair in a section. */
function rows(section: Element): Record<string, string> {
  const terms = [...section.querySelectorAll('dt')];
  return Object.fromEntries(terms.map((dt) => [text(dt), text(dt.nextElementSibling)]));
}

describe('VisitorPanel', () => {
  it('is a labelled complementary landmark', async () => {
    const panel = await mount('confab-visitor-panel', { conversation: conversation({ context: fullContext }) });
    const aside = $(panel, 'aside');
    expect(text(panel.shadowRoot!.getElementById(aside.getAttribute('aria-labelledby')!))).toBe('Visitor details');
  });

  it('shows the email and rating the shopper left first, with the email as a mailto link', async () => {
    const panel = await mount('confab-visitor-panel', {
      conversation: conversation({ email: 'ana@example.com', rating: { score: 4, comment: 'Quick and kind' } }),
    });
    expect($<HTMLAnchorElement>(panel, '[data-testid="visitor-email"]').getAttribute('href')).toBe('mailto:ana@example.com');
    expect(rows($(panel, '[data-testid="visitor-follow-up"]'))).toEqual({
      'Email to answer': 'ana@example.com',
      Rating: '★★★★☆ 4 of 5',
      Comment: 'Quick and kind',
    });
    expect($$(panel, 'section')[0]!.dataset.testid).toBe('visitor-follow-up');
    expect(panel.shadowRoot!.querySelector('.empty')).toBeNull();
  });

  it('links the page URL safely: new tab, no opener, no referrer', async () => {
    const panel = await mount('confab-visitor-panel', { conversation: conversation({ context: fullContext }) });
    const link = $<HTMLAnchorElement>(panel, '[data-testid="page-url"]');
    expect(link.getAttribute('href')).toBe('https://shop.example/p/kettle?ref=mail');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(rows($(panel, '[data-testid="visitor-page"]'))).toMatchObject({
      Address: 'https://shop.example/p/kettle?ref=mail',
      Title: 'Electric kettle 1.7 L – Demo Shop',
    });
  });

  it('shows a javascript: or data: URL as plain text, never as a link or image', async () => {
    const panel = await mount('confab-visitor-panel', {
      conversation: conversation({
        context: {
          url: 'javascript:alert(document.cookie)',
          referrer: 'data:text/html,<script>alert(1)</script>',
          product: { name: 'Trap', image: 'javascript:alert(2)', url: 'javascript:alert(3)' },
        },
      }),
    });
    expect($$(panel, 'a, img, script')).toHaveLength(0);
    expect(rows($(panel, '[data-testid="visitor-page"]'))).toEqual({
      Address: 'javascript:alert(document.cookie)',
      'Came from': 'data:text/html,<script>alert(1)</script>',
    });
  });

  it('shows the product with price, availability and image', async () => {
    const panel = await mount('confab-visitor-panel', { conversation: conversation({ context: fullContext }) });
    const product = $(panel, '[data-testid="visitor-product"]');
    expect(rows(product)).toEqual({
      Name: 'Electric kettle 1.7 L',
      SKU: 'KT-170',
      Price: 'CN¥129.00',
      Availability: 'In stock',
      Brand: 'Boil & Co',
    });
    const image = product.querySelector('img')!;
    expect(image.getAttribute('src')).toBe('https://shop.example/img/kettle.jpg');
    expect(image.getAttribute('alt')).toBe('Electric kettle 1.7 L');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('summarises language, browser, local time and screen', async () => {
    const panel = await mount('confab-visitor-panel', {
      conversation: conversation({ context: fullContext, createdAt: T0 }),
      now: Date.UTC(2026, 10, 22, 10, 5),
    });
    const visitor = rows($(panel, '[data-testid="visitor-visitor"]'));
    expect(visitor['Language']).toBe('Chinese (China) (zh-CN)');
    expect(visitor['Other languages']).toBe('zh-CN, en');
    expect(visitor['Browser']).toBe('Safari 17 on macOS');
    expect(visitor['Local time']).toMatch(/6:05\sPM GMT\+8/);
    expect(visitor['Time zone']).toBe('Asia/Shanghai');
    expect(visitor['Screen']).toBe('1440 × 900');
    expect(visitor['Started']).toContain('2026');
  });

  it('shows the shop’s custom fields as text', async () => {
    const panel = await mount('confab-visitor-panel', { conversation: conversation({ context: fullContext }) });
    const custom = $(panel, '[data-testid="visitor-custom"]');
    expect(rows(custom)).toEqual({ plan: 'gold', note: '<b>VIP</b>' });
    expect(custom.querySelector('b')).toBeNull();
  });

  it('says when the page sent nothing, in the agent’s language', async () => {
    const panel = await mount('confab-visitor-panel', { strings: zhCN, conversation: conversation({ context: {} }) });
    expect(text($(panel, '.empty'))).toBe('顾客的页面尚未发送任何信息。');
    expect($$(panel, '[data-testid="visitor-page"], [data-testid="visitor-product"]')).toHaveLength(0);
  });

  it('shows a verified identity: name, email, user id and a "Verified" badge', async () => {
    const panel = await mount('confab-visitor-panel', {
      conversation: conversation({ identity: { userId: 'user-42', name: 'Ana 安娜', email: 'ana@example.com', isVerified: true } }),
    });
    const section = $(panel, '[data-testid="visitor-identity"]');
    expect(text(section.querySelector('h3'))).toBe('Signed-in shopper Verified');
    expect(rows(section)).toEqual({ Name: 'Ana 安娜', Email: 'ana@example.com', 'User ID': 'user-42' });
    const badge = $(panel, '[data-testid="identity-badge"]');
    expect(badge.dataset.verified).toBe('true');
    expect(badge.title).toContain('checked the signature');
    const email = $<HTMLAnchorElement>(panel, '[data-testid="identity-email"]');
    expect([email.getAttribute('href'), email.rel]).toEqual(['mailto:ana@example.com', 'noopener noreferrer']);
    expect($$(panel, '.empty')).toHaveLength(0);
  });

  it('marks an identity the relay did not check as not verified, and renders its fields as text', async () => {
    const panel = await mount('confab-visitor-panel', {
      strings: zhCN,
      conversation: conversation({ identity: { userId: '<img src=x onerror=alert(1)>', name: '<b>Boss</b>', isVerified: false } }),
    });
    const badge = $(panel, '[data-testid="identity-badge"]');
    expect([text(badge), badge.dataset.verified]).toEqual(['未验证', 'false']);
    expect(badge.title).toContain('未经校验');
    expect(rows($(panel, '[data-testid="visitor-identity"]'))).toEqual({ 姓名: '<b>Boss</b>', '用户 ID': '<img src=x onerror=alert(1)>' });
    expect($$(panel, 'b, img, [data-testid="identity-email"]')).toHaveLength(0);
  });

  it('lists the pre-chat answers, known keys in words and custom keys as they are', async () => {
    const panel = await mount('confab-visitor-panel', {
      conversation: conversation({ profile: { name: 'Ana', email: 'ana@example.com', order: 'A-1001', loyalty_card: '<i>gold</i>' } }),
    });
    const section = $(panel, '[data-testid="visitor-profile"]');
    expect(text(section.querySelector('h3'))).toBe('Pre-chat answers');
    expect(rows(section)).toEqual({ Name: 'Ana', Email: 'ana@example.com', 'Order number': 'A-1001', loyalty_card: '<i>gold</i>' });
    expect($$(panel, 'i')).toHaveLength(0);
    expect($$(panel, '[data-testid="visitor-identity"]')).toHaveLength(0);
  });
});
