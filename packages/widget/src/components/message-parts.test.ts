import '../test-support/dom.js';
import type { Attachment } from '@confab/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defineElements } from '../define.js';
import { loadStrings } from '../strings.js';
import { settle, textOf } from '../test-support/dom.js';
import { formatPrice, thumbnailSize, type RichMessage } from './message-parts.js';

beforeAll(() => defineElements());
afterEach(() => document.body.replaceChildren());

let counter = 0;
function message(init: Partial<RichMessage> = {}): RichMessage {
  counter++;
  return {
    id: `rich-${counter}-abcdef`,
    seq: counter,
    author: { role: 'bot', name: 'Faq' },
    text: '',
    createdAt: Date.UTC(2026, 10, 22, 9, counter),
    status: 'sent',
    isOwn: false,
    ...init,
  };
}

function attachment(init: Partial<Attachment>): Attachment {
  return { id: `file-${++counter}-abcdef`, name: 'photo.png', type: 'image/png', size: 1000, url: 'https://relay.example/u/1', ...init };
}

// The parts render in <confab-message-parts>, inside each message: look through its shadow root.
function deepAll(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const host of root.querySelectorAll('confab-message-parts')) if (host.shadowRoot) found.push(...deepAll(host.shadowRoot, selector));
  return found;
}
const deepOne = (root: ParentNode, selector: string): Element | null => deepAll(root, selector)[0] ?? null;
function flatText(node: Node): string {
  const walk = (current: Node): string =>
    current instanceof Element && current.shadowRoot
      ? [...current.shadowRoot.childNodes].map(walk).join('')
      : current.nodeType === Node.TEXT_NODE
        ? (current.textContent ?? '')
        : [...current.childNodes].map(walk).join(' ');
  return walk(node).replace(/\s+/g, ' ').trim();
}

async function mountWith(...messages: RichMessage[]) {
  const list = document.createElement('confab-message-list');
  list.messages = messages;
  document.body.append(list);
  await settle(list);
  const log = list.shadowRoot!.querySelector('[role="log"]')!;
  return { list, log, messageNodes: [...log.querySelectorAll('[part~="message"]')] };
}

describe('message parts in <confab-message-list>', () => {
  it('shows raster images as lazy thumbnails sized to fit 240 × 240, linking to the full image', async () => {
    const { log } = await mountWith(
      message({
        attachments: [
          attachment({ name: 'wide.jpg', type: 'image/jpeg', width: 1200, height: 800, url: 'https://relay.example/u/wide' }),
          attachment({ name: 'small.webp', type: 'image/webp', width: 100, height: 50 }),
          attachment({ name: 'unmeasured.gif', type: 'image/gif' }),
        ],
      }),
    );
    const images = [...(deepAll as (root: ParentNode, selector: string) => HTMLImageElement[])(log, '[part="attachment-image"] img')];
    expect(images.map((img) => [img.alt, img.getAttribute('width'), img.getAttribute('height')])).toEqual([
      ['wide.jpg', '240', '160'],
      ['small.webp', '100', '50'],
      ['unmeasured.gif', null, null],
    ]);
    for (const img of images) expect(img.getAttribute('loading')).toBe('lazy');
    const link = deepOne(log, '[part="attachment-image"]')!;
    expect(link.getAttribute('href')).toBe('https://relay.example/u/wide');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('offers other files, SVG included, as download links named with their size', async () => {
    const { log } = await mountWith(
      message({
        attachments: [
          attachment({ name: 'invoice.pdf', type: 'application/pdf', size: 2.4 * 1024 * 1024, url: 'https://relay.example/u/pdf' }),
          attachment({ name: 'logo.svg', type: 'image/svg+xml', size: 512 }),
        ],
      }),
    );
    expect(deepOne(log, 'img')).toBeNull();
    const files = [...deepAll(log, '[part="attachment-file"]')];
    expect(files.map((file) => file.getAttribute('aria-label'))).toEqual(['Download invoice.pdf, 2.4 MB', 'Download logo.svg, 512 byte']);
    expect(files[0]!.getAttribute('download')).toBe('invoice.pdf');
    expect(files[0]!.getAttribute('href')).toBe('https://relay.example/u/pdf');
    expect(textOf(files[0]!)).toBe('invoice.pdf 2.4 MB');
    expect(files[0]!.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
  });

  it('names file links in the widget’s language', async () => {
    const list = document.createElement('confab-message-list');
    list.strings = await loadStrings('zh-CN');
    list.messages = [message({ attachments: [attachment({ name: '发票.pdf', type: 'application/pdf', size: 1536 })] })];
    document.body.append(list);
    await settle(list);
    const size = new Intl.NumberFormat('zh-CN', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(1.5);
    expect(deepOne(list.shadowRoot!, '[part="attachment-file"]')!.getAttribute('aria-label')).toBe(`下载 发票.pdf，${size}`);
  });

  it('drops attachments, product links and images, and buttons whose URLs are not allowed', async () => {
    const { log } = await mountWith(
      message({
        attachments: [
          attachment({ url: 'javascript:alert(1)' }),
          attachment({ type: 'application/pdf', url: 'data:application/pdf;base64,AAAA' }),
          attachment({ url: '/relative/path.png' }),
        ],
        products: [{ name: 'Mug', url: 'javascript:alert(1)', image: 'data:image/png;base64,AAAA' }],
        buttons: [
          { label: 'Evil', url: 'javascript:alert(1)' },
          { label: 'Mail', url: 'mailto:help@shop.example' },
        ],
      }),
    );
    expect(deepAll(log, '[part^="attachment"]')).toHaveLength(0);
    expect(deepOne(log, 'img')).toBeNull();
    const product = deepOne(log, '[part="product"]')!;
    expect(product.querySelector('a')).toBeNull();
    expect([...deepAll(log, 'a')].map((link) => link.getAttribute('href'))).toEqual(['mailto:help@shop.example']);
  });

  it('shows product cards as named articles with a formatted price, availability and a link', async () => {
    const { log } = await mountWith(
      message({
        text: 'You may like these:',
        products: [
          { name: 'Blue mug', price: '129.00', currency: 'USD', availability: 'InStock', image: 'https://shop.example/mug.jpg', url: 'https://shop.example/mug' },
          { name: 'Teapot', price: '1,299.00', currency: 'dollars' },
        ],
      }),
    );
    const cards = [...deepAll(log, 'article[part="product"]')];
    expect(cards.map((card) => card.getAttribute('aria-label'))).toEqual(['Blue mug', 'Teapot']);
    const partsOf = (card: Element) => [...card.children].map((child) => textOf(child)).filter(Boolean);
    expect(partsOf(cards[0]!)).toEqual(['Blue mug', '$129.00', 'In Stock', 'View product']);
    expect(partsOf(cards[1]!)).toEqual(['Teapot', '1,299.00']);
    const link = cards[0]!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://shop.example/mug');
    expect(link.getAttribute('target')).toBe('_blank');
    const image = cards[0]!.querySelector('.product-image img')!;
    expect(image.getAttribute('src')).toBe('https://shop.example/mug.jpg');
    expect(image.getAttribute('alt')).toBe('');
    expect(deepOne(log, '.products')!.contains(cards[1]!)).toBe(true);
  });

  it('renders link buttons as links under the message', async () => {
    const { log } = await mountWith(
      message({
        text: 'Anything else?',
        buttons: [
          { label: 'Track my order', url: 'https://shop.example/track' },
          { label: 'Size guide', url: 'http://shop.example/sizes' },
        ],
      }),
    );
    const buttons = [...deepAll(log, 'a[part="link-button"]')];
    expect(buttons.map((button) => [textOf(button), button.getAttribute('href'), button.getAttribute('rel')])).toEqual([
      ['Track my order', 'https://shop.example/track', 'noopener noreferrer'],
      ['Size guide', 'http://shop.example/sizes', 'noopener noreferrer'],
    ]);
  });

  it('keeps every part inside its message in the live log, announced with it once', async () => {
    const first = message({ text: 'Hello' });
    const { list, log } = await mountWith(first);
    const firstNode = deepOne(log, '[part~="message"]');
    const rich = message({
      attachments: [attachment({ name: 'label.pdf', type: 'application/pdf' })],
      products: [{ name: 'Mug', url: 'https://shop.example/mug' }],
      buttons: [{ label: 'Track', url: 'https://shop.example/track' }],
    });
    list.messages = [first, rich];
    await settle(list);
    const nodes = log.querySelectorAll('[part~="message"]');
    expect(nodes).toHaveLength(2);
    expect(nodes[0]).toBe(firstNode);
    for (const selector of ['[part="attachment-file"]', '[part="product"]', '[part="link-button"]']) {
      expect(deepOne(nodes[1]!, selector)).not.toBeNull();
    }
    // An empty text gets no empty bubble.
    expect(nodes[1]!.querySelector('.text')).toBeNull();
    expect([...nodes[1]!.children].map((child) => child.localName)).toEqual(['span', 'confab-message-parts', 'span']);
    expect(flatText(nodes[1]!)).toMatch(/^Faq label\.pdf 1,000 byte/);
  });
});

describe('thumbnailSize', () => {
  it('scales down to fit 240 × 240 keeping the aspect ratio, never up', () => {
    expect(thumbnailSize(4000, 3000)).toEqual({ width: 240, height: 180 });
    expect(thumbnailSize(300, 1200)).toEqual({ width: 60, height: 240 });
    expect(thumbnailSize(10, 20)).toEqual({ width: 10, height: 20 });
    expect(thumbnailSize(100_000, 1)).toEqual({ width: 240, height: 1 });
    expect(thumbnailSize(undefined, 20)).toBeUndefined();
  });
});

describe('formatPrice', () => {
  it('formats decimal prices with a currency code in the widget’s language, else keeps the text', () => {
    expect(formatPrice('129.00', 'USD', 'en')).toBe('$129.00');
    expect(formatPrice('1299.5', 'CNY', 'zh-CN')).toBe(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(1299.5));
    expect(formatPrice('129.00', 'US$', 'en')).toBe('129.00');
    expect(formatPrice('from 99', 'EUR', 'en')).toBe('from 99');
    expect(formatPrice('99', undefined, 'en')).toBe('99');
    expect(formatPrice(undefined, 'EUR', 'en')).toBeUndefined();
  });
});
