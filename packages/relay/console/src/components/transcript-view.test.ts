import type { Attachment } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../store.js';
import { zhCN } from '../strings.js';
import { message, T0 } from '../test-support/fixtures.js';
import { $, $$, mount, record, text, update } from '../test-support/render.js';

function transcript(messages: Transcript['messages'], overrides: Partial<Transcript> = {}): Transcript {
  return { messages, hasEarlier: false, status: 'ready', isLoadingEarlier: false, ...overrides };
}

describe('TranscriptView', () => {
  it('renders markup in messages as literal text, never as HTML', async () => {
    const hostile = [
      '<script>window.__confabPwned = "script"</script>',
      '<img src=x onerror="window.__confabPwned = \'img\'">',
      '<a href="javascript:window.__confabPwned=1">click</a>',
    ];
    const view = await mount('confab-transcript', {
      conversationId: 'conv_0000001',
      transcript: transcript(hostile.map((body, i) => message(i + 1, { text: body }))),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const bubbles = $$(view, '[data-testid="message-text"]');
    expect(bubbles.map((b) => b.textContent)).toEqual(hostile);
    for (const bubble of bubbles) expect(bubble.children).toHaveLength(0);
    expect($$(view, 'script, img, a')).toHaveLength(0);
    expect((globalThis as { __confabPwned?: unknown }).__confabPwned).toBeUndefined();
  });

  it('is a labelled log region that announces additions', async () => {
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript([message(1)]) });
    const log = $(view, '[role="log"]');
    expect(log.getAttribute('aria-label')).toBe('Messages');
    expect(log.getAttribute('aria-live')).toBe('polite');
    expect(log.tabIndex).toBe(0);
  });

  it('labels each message with its author and time', async () => {
    const view = await mount('confab-transcript', {
      conversationId: 'c',
      transcript: transcript([
        message(1, { author: { role: 'visitor' } }),
        message(2, { author: { role: 'agent', name: 'Mei' } }),
        message(3, { author: { role: 'bot' } }),
        message(4, { author: { role: 'system' } }),
      ]),
    });
    expect($$(view, '.author').map((a) => a.textContent)).toEqual(['Visitor', 'Mei', 'Bot', 'System']);
    const time = $(view, 'time');
    expect(time.getAttribute('datetime')).toBe(new Date(T0 + 1000).toISOString());
    expect(text(time)).toMatch(/\d{1,2}:\d{2}|2026/);
  });

  it('shows "Seen" under the agent’s last message once the shopper read it', async () => {
    const messages = [message(1), message(2, { author: { role: 'agent', name: 'Mei' } }), message(3, { author: { role: 'agent', name: 'Mei' } })];
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript(messages), visitorLastReadSeq: 2 });
    expect($$(view, '[data-testid="seen"]')).toHaveLength(0);
    await update(view, { visitorLastReadSeq: 3 });
    const seen = $$(view, '[data-testid="seen"]');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.closest('li')!.dataset.seq).toBe('3');
  });

  it('shows pending replies, and Retry and Discard on failed ones', async () => {
    const view = await mount('confab-transcript', {
      conversationId: 'c',
      transcript: transcript([message(1)]),
      pending: [
        { id: 'reply_pending', text: 'On its way', createdAt: T0, status: 'pending' },
        { id: 'reply_failed1', text: 'Broken', createdAt: T0, status: 'failed', errorCode: 'CONFAB_NOT_CONNECTED' },
      ],
    });
    const items = $$(view, '[data-testid="pending-reply"]');
    expect(items.map((i) => i.dataset.status)).toEqual(['pending', 'failed']);
    expect(text(items[0])).toContain('Sending…');
    const retries = record(view, 'confab-retry-reply');
    const discards = record(view, 'confab-discard-reply');
    $(view, '[data-testid="retry-reply"]').click();
    $(view, '[data-testid="discard-reply"]').click();
    expect(retries.map((e) => e.detail.replyId)).toEqual(['reply_failed1']);
    expect(discards.map((e) => e.detail.replyId)).toEqual(['reply_failed1']);
  });

  it('offers earlier messages while there are some, else marks the beginning', async () => {
    const view = await mount('confab-transcript', { conversationId: 'c', transcript: transcript([message(5)], { hasEarlier: true }) });
    const requests = record(view, 'confab-load-earlier');
    $(view, '[data-testid="load-earlier"]').click();
    expect(requests).toHaveLength(1);
    await update(view, { transcript: transcript([message(5)], { hasEarlier: true, isLoadingEarlier: true }) });
    expect($<HTMLButtonElement>(view, '[data-testid="load-earlier"]').disabled).toBe(true);
    await update(view, { transcript: transcript([message(1), message(5)]) });
    expect($$(view, '[data-testid="load-earlier"]')).toHaveLength(0);
    expect(text($(view, '.note'))).toBe('This is the beginning of the conversation.');
  });

  it('says who is typing in a status region, in the agent’s language', async () => {
    const view = await mount('confab-transcript', {
      strings: zhCN,
      conversationId: 'c',
      transcript: transcript([message(1)]),
      typing: [{ role: 'visitor' }],
    });
    const indicator = $(view, '[data-testid="typing-indicator"]');
    expect(indicator.getAttribute('role')).toBe('status');
    expect(text(indicator)).toBe('访客正在输入…');
  });

  it('offers to try again when loading failed', async () => {
    const view = await mount('confab-transcript', { conversationId: 'conv_0000009', transcript: transcript([], { status: 'error' }) });
    const reloads = record(view, 'confab-reload-transcript');
    $(view, '[data-testid="reload-transcript"]').click();
    expect(reloads.map((e) => e.detail.conversationId)).toEqual(['conv_0000009']);
  });

  describe('files, product cards and link buttons', () => {
    const RELAY = 'https://chat.shop.example';
    const photo: Attachment = { id: 'up_photo00000001', name: 'kettle 壶.png', type: 'image/png', size: 48_213, url: '/v1/uploads/up_photo00000001/kettle%20%E5%A3%B6.png', width: 800, height: 600 };
    const invoice: Attachment = { id: 'up_pdf000000001', name: 'invoice <1042>.pdf', type: 'application/pdf', size: 1_572_864, url: '/v1/uploads/up_pdf000000001/invoice.pdf' };
    const drawing: Attachment = { id: 'up_svg000000001', name: 'drawing.svg', type: 'image/svg+xml', size: 900, url: '/v1/uploads/up_svg000000001/drawing.svg', width: 100, height: 100 };

    it("shows a shopper's images as sized thumbnails opening the full image in a new tab, resolved against the relay", async () => {
      const view = await mount('confab-transcript', {
        conversationId: 'c',
        relayOrigin: RELAY,
        transcript: transcript([message(1, { text: '', attachments: [photo] })]),
      });
      const link = $<HTMLAnchorElement>(view, '[data-testid="attachment-image"]');
      expect(link.getAttribute('href')).toBe(`${RELAY}/v1/uploads/up_photo00000001/kettle%20%E5%A3%B6.png`);
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');
      expect(link.getAttribute('aria-label')).toBe('Open kettle 壶.png in a new tab');
      const image = link.querySelector('img')!;
      expect(image.getAttribute('src')).toBe(link.getAttribute('href'));
      expect(image.alt).toBe('kettle 壶.png');
      // 800×600 scaled into 240×180, so the space is kept before it loads.
      expect([image.getAttribute('width'), image.getAttribute('height')]).toEqual(['240', '180']);
      // A message that is only a file has no empty bubble.
      expect($$(view, '[data-testid="message-text"]')).toHaveLength(0);
      expect($(view, '[data-testid="message-attachments"]').getAttribute('aria-label')).toBe('Attachments');
    });

    it('shows other files (and SVG) as chips with name, size and a download link; names stay text', async () => {
      const view = await mount('confab-transcript', {
        conversationId: 'c',
        relayOrigin: RELAY,
        transcript: transcript([message(1, { text: 'Two files', attachments: [invoice, drawing] })]),
      });
      const chips = $$<HTMLAnchorElement>(view, '[data-testid="attachment-file"]');
      expect(chips.map((chip) => chip.getAttribute('href'))).toEqual([`${RELAY}${invoice.url}`, `${RELAY}${drawing.url}`]);
      expect(chips.map((chip) => chip.getAttribute('download'))).toEqual(['invoice <1042>.pdf', 'drawing.svg']);
      expect(text(chips[0])).toBe('invoice <1042>.pdf 1.5 MB');
      expect(chips[0]!.getAttribute('aria-label')).toBe('Download invoice <1042>.pdf, 1.5 MB');
      expect(chips.every((chip) => chip.rel === 'noopener noreferrer')).toBe(true);
      expect($$(view, 'img')).toHaveLength(0);
      expect(text($(view, '[data-testid="message-text"]'))).toBe('Two files');
    });

    it('links no file whose URL is not http or https once resolved', async () => {
      const hostile: Attachment = { ...invoice, url: 'javascript:alert(1)' };
      const view = await mount('confab-transcript', { conversationId: 'c', relayOrigin: RELAY, transcript: transcript([message(1, { attachments: [hostile] })]) });
      expect($$(view, 'a')).toHaveLength(0);
      expect(text($(view, '[data-testid="attachment-file"]'))).toContain('invoice <1042>.pdf');
    });

    it('shows product cards and link buttons on team messages compactly, linking only safe URLs', async () => {
      const view = await mount('confab-transcript', {
        conversationId: 'c',
        relayOrigin: RELAY,
        transcript: transcript([
          message(1, {
            author: { role: 'bot', name: 'Shop assistant' },
            text: 'These fit:',
            products: [
              { name: 'Linen shirt', price: '39.00', currency: 'EUR', url: 'https://shop.example/p/linen', image: 'https://shop.example/linen.jpg' },
              { name: '<b>Sneaky</b>', url: 'javascript:alert(1)', image: 'data:image/png;base64,AAAA' },
            ],
            buttons: [
              { label: 'Size guide', url: 'https://shop.example/sizes' },
              { label: 'Write to us', url: 'mailto:help@shop.example' },
              { label: 'Run me', url: 'javascript:alert(1)' },
            ],
          }),
        ]),
      });
      const products = $$(view, '[data-testid="message-product"]');
      expect(products.map((product) => text(product))).toEqual(['Linen shirt €39.00', '<b>Sneaky</b>']);
      const productLinks = $$<HTMLAnchorElement>(view, '[data-testid="product-card-link"]');
      expect(productLinks.map((link) => [link.getAttribute('href'), link.target, link.rel])).toEqual([['https://shop.example/p/linen', '_blank', 'noopener noreferrer']]);
      expect($$<HTMLImageElement>(view, '.product img').map((image) => image.getAttribute('src'))).toEqual(['https://shop.example/linen.jpg']);

      const buttons = $$(view, '[data-testid="message-button"]');
      expect(buttons.map((button) => [button.localName, text(button), button.getAttribute('href')])).toEqual([
        ['a', 'Size guide', 'https://shop.example/sizes'],
        ['a', 'Write to us', 'mailto:help@shop.example'],
        ['span', 'Run me', null],
      ]);
      expect(buttons[0]!.getAttribute('target')).toBe('_blank');
      expect(buttons[1]!.hasAttribute('target')).toBe(false);
      expect(buttons.slice(0, 2).every((button) => button.getAttribute('rel') === 'noopener noreferrer')).toBe(true);
      expect($$(view, 'b, script')).toHaveLength(0);
    });

    it('lists the files of a reply still being sent', async () => {
      const view = await mount('confab-transcript', {
        conversationId: 'c',
        transcript: transcript([message(1)]),
        pending: [
          {
            id: 'reply_files01',
            text: '',
            createdAt: T0,
            status: 'pending',
            files: [
              { blob: new Blob(['a']), name: 'label.png', size: 2048, attachment: photo },
              { blob: new Blob(['b']), name: 'notes.txt', size: 12 },
            ],
          },
        ],
      });
      const files = $$(view, '[data-testid="pending-file"]');
      expect(files.map((file) => [text(file.querySelector('.file-name')), file.dataset.uploaded])).toEqual([
        ['label.png', 'true'],
        ['notes.txt', 'false'],
      ]);
      expect(text($(view, '[data-testid="pending-reply"] .state'))).toBe('Sending…');
    });

    it('shows the cards and buttons of a reply on its way, and why the relay refused one', async () => {
      const view = await mount('confab-transcript', {
        conversationId: 'c',
        transcript: transcript([message(1)]),
        pending: [
          {
            id: 'reply_cards01',
            text: '',
            createdAt: T0,
            status: 'failed',
            errorCode: 'CONFAB_REQUEST_INVALID',
            errorStatus: 400,
            products: [{ name: 'Kettle', price: '49.00', currency: 'EUR', url: 'https://shop.example/k' }],
            buttons: [{ label: 'Size guide', url: 'https://shop.example/sizes' }],
          },
          { id: 'reply_down001', text: 'Offline', createdAt: T0, status: 'failed', errorCode: 'CONFAB_NOT_CONNECTED' },
        ],
      });
      const [refused, offline] = $$(view, '[data-testid="pending-reply"]');
      // A card-only reply shows no empty bubble.
      expect(refused!.querySelector('.bubble')).toBeNull();
      expect(text(refused!.querySelector('[data-testid="message-product"]'))).toBe('Kettle €49.00');
      expect(refused!.querySelector<HTMLAnchorElement>('[data-testid="product-card-link"]')!.href).toBe('https://shop.example/k');
      expect(text(refused!.querySelector('[data-testid="message-button"]'))).toBe('Size guide');
      expect(text(refused!.querySelector('[data-testid="reply-refused"]'))).toBe('The relay refused it (CONFAB_REQUEST_INVALID).');
      expect(refused!.querySelector('[role="alert"]')).not.toBeNull();
      // Not reaching the relay is not a refusal: Retry may work.
      expect(offline!.querySelector('[data-testid="reply-refused"]')).toBeNull();
    });
  });
});
