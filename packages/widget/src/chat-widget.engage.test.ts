import './test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatWidget } from './chat-widget.js';
import { defineElements } from './define.js';
import { FakeChatClient } from './test-support/fake-client.js';
import { deepQuery, settle, textOf } from './test-support/dom.js';

beforeAll(() => defineElements());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
  localStorage.clear();
  document.title = '';
});

async function mountWidget(setup: (widget: ChatWidget) => void = () => {}) {
  const client = new FakeChatClient();
  const widget = document.createElement('confab-chat');
  widget.client = client;
  setup(widget);
  document.body.append(widget);
  await settle(widget);
  return { widget, client };
}

function setVisibility(state: 'visible' | 'hidden'): void {
  vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(state);
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the pre-chat form', () => {
  it('replaces the text box while the relay asks for it, sends the answers, and gives the text box back', async () => {
    const { widget, client } = await mountWidget();
    widget.open();
    client.connect();
    client.setPreChat({ when: 'always', fields: [{ key: 'name' }, { key: 'email', type: 'email', isRequired: true }] });
    await settle(widget);
    expect(deepQuery(widget, 'confab-composer')).toBeNull();
    const form = deepQuery<HTMLFormElement>(widget, '[part="prechat-form"]')!;
    expect(textOf(form)).toContain('Before we start');

    deepQuery<HTMLInputElement>(widget, 'confab-prechat-form input[type="email"]')!.value = 'ana@example.com';
    form.requestSubmit();
    await settle(widget);
    expect(client.profiles).toEqual([{ email: 'ana@example.com' }]);
    expect(deepQuery(widget, 'confab-prechat-form')).toBeNull();
    expect(deepQuery(widget, 'confab-composer')).not.toBeNull();
  });

  it('says so under the form when the relay refuses the answers, and keeps the form', async () => {
    const { widget, client } = await mountWidget();
    widget.open();
    client.connect();
    client.setPreChat({ when: 'always', fields: [{ key: 'name', isRequired: true }] });
    client.requestError = Object.assign(new Error('refused'), { code: 'CONFAB_REQUEST_INVALID' }) as never;
    await settle(widget);
    deepQuery<HTMLInputElement>(widget, 'confab-prechat-form input')!.value = 'Ana';
    deepQuery<HTMLFormElement>(widget, '[part="prechat-form"]')!.requestSubmit();
    await settle(widget);
    await vi.waitFor(() => expect(textOf(deepQuery(widget, 'confab-prechat-form')!.shadowRoot)).toContain("That didn't go through"));
  });
});

describe('a reply in a hidden tab', () => {
  it('flashes the title until the tab is visible again, and restores it exactly', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    document.title = 'Kettle — Lumen & Oak';
    const { widget, client } = await mountWidget();
    client.connect();
    setVisibility('hidden');
    const reply = client.receive('Yes, in white too.');
    client.notify(reply);
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(1600);
      expect(document.title).toBe('(1) New message');
    });
    setVisibility('visible');
    await settle(widget);
    expect(document.title).toBe('Kettle — Lumen & Oak');
  });

  it('puts the title back when the widget leaves the page', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    document.title = 'Kettle — Lumen & Oak';
    const { widget, client } = await mountWidget();
    client.connect();
    setVisibility('hidden');
    client.notify(client.receive('Yes, in white too.'));
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(1600);
      expect(document.title).toBe('(1) New message');
    });
    widget.remove();
    expect(document.title).toBe('Kettle — Lumen & Oak');
    await vi.advanceTimersByTimeAsync(3200);
    expect(document.title).toBe('Kettle — Lumen & Oak');
  });

  it('shows a desktop notification only where the shop offers them and the shopper allowed them', async () => {
    const shown: Array<{ title: string; options: NotificationOptions }> = [];
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission = vi.fn(async () => (FakeNotification.permission = 'granted'));
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push({ title, options });
      }
      close(): void {}
    }
    vi.stubGlobal('Notification', FakeNotification);
    const { widget, client } = await mountWidget((element) => (element.notifications = true));
    widget.open();
    client.connect();
    await settle(widget);
    const button = await vi.waitFor(() => {
      const found = deepQuery<HTMLButtonElement>(widget, '[part="notify"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(textOf(button)).toBe('Notify me of replies');
    button.click();
    await vi.waitFor(() => expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1));
    await settle(widget);
    expect(deepQuery(widget, '[part="notify"]')).toBeNull();

    setVisibility('hidden');
    client.notify(client.receive('Your order ships today.'));
    await vi.waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toMatchObject({ title: 'New message from Anna', options: { body: 'Your order ships today.', tag: `confab:${client.conversationId}` } });
  });
});

describe('the proactive message', () => {
  it('fetches the relay’s messages, shows the one for this page after its delay, and opens the chat with it as greeting', async () => {
    const fetch = vi.fn(async () =>
      new Response(JSON.stringify({ proactive: [{ id: 'kettles', text: 'Questions about our kettles?', delaySeconds: 0.05, pathPrefix: '/' }] }), {
        headers: { 'content-type': 'application/json' },
      }),
    );
    vi.stubGlobal('fetch', fetch);
    const { widget, client } = await mountWidget((element) => {
      element.relay = 'https://chat.shop.example';
      element.proactive = true;
    });
    widget.client = client;
    await vi.waitFor(() => expect(deepQuery(widget, '[part="teaser-text"]')).not.toBeNull(), { timeout: 2000 });
    expect(String(fetch.mock.calls[0]![0 as never])).toBe('https://chat.shop.example/v1/widget-config');
    deepQuery<HTMLElement>(widget, '[part="teaser-text"]')!.click();
    await settle(widget);
    expect(widget.isOpen).toBe(true);
    expect(deepQuery(widget, 'confab-proactive-teaser')).toBeNull();
    expect(textOf(deepQuery(widget, 'confab-message-list')!.shadowRoot)).toContain('Questions about our kettles?');
  });

  it('is not shown again once dismissed', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ proactive: [{ id: 'hello', text: 'Need help?' }] })));
    const first = await mountWidget((element) => {
      element.relay = 'https://chat.shop.example';
      element.proactive = true;
    });
    await vi.waitFor(() => expect(deepQuery(first.widget, '[part="teaser-dismiss"]')).not.toBeNull(), { timeout: 2000 });
    deepQuery<HTMLButtonElement>(first.widget, '[part="teaser-dismiss"]')!.click();
    await settle(first.widget);
    expect(deepQuery(first.widget, 'confab-proactive-teaser')).toBeNull();
    first.widget.remove();

    const second = await mountWidget((element) => {
      element.relay = 'https://chat.shop.example';
      element.proactive = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await settle(second.widget);
    expect(deepQuery(second.widget, 'confab-proactive-teaser')).toBeNull();
  });

  it('is not shown by a widget that left the page before its delay', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ proactive: [{ id: 'later', text: 'Still looking?', delaySeconds: 0.1 }] })));
    vi.stubGlobal('fetch', fetch);
    const { widget } = await mountWidget((element) => {
      element.relay = 'https://chat.shop.example';
      element.proactive = true;
    });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    widget.remove();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settle(widget);
    expect(deepQuery(widget, 'confab-proactive-teaser')).toBeNull();
    // Back on the page, it asks the relay again and shows the message after its delay.
    document.body.append(widget);
    await vi.waitFor(() => expect(deepQuery(widget, '[part="teaser-text"]')).not.toBeNull(), { timeout: 2000 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('attachments', () => {
  async function withUploads() {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumb');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const mounted = await mountWidget();
    mounted.client.limits = { ...mounted.client.limits, maxUploadBytes: 1024 * 1024, uploadTypes: ['image/*', 'application/pdf'] };
    mounted.widget.open();
    mounted.client.connect();
    await settle(mounted.widget);
    const composer = deepQuery(mounted.widget, 'confab-composer') as HTMLElement & { addFiles(files: File[]): void; files: readonly File[] };
    return { ...mounted, composer };
  }

  const send = (widget: ChatWidget) =>
    deepQuery<HTMLTextAreaElement>(widget, 'textarea')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }),
    );

  it('uploads picked files first, then sends one message with them (text may be empty), and empties the tray', async () => {
    const { widget, client, composer } = await withUploads();
    const photo = new File([new Uint8Array(2048)], 'kettle.png', { type: 'image/png' });
    composer.addFiles([photo]);
    await settle(widget);
    send(widget);
    await vi.waitFor(() => expect(client.sent).toEqual(['']));
    expect(client.uploads.map(({ name }) => name)).toEqual(['kettle.png']);
    expect(client.sentAttachments[0]!.map((attachment) => attachment.name)).toEqual(['kettle.png']);
    await settle(widget);
    expect(composer.files).toEqual([]);
  });

  it('keeps text and files and says which file failed when the relay refuses the upload', async () => {
    const { widget, client, composer } = await withUploads();
    client.uploadError = Object.assign(new Error('too large'), { code: 'CONFAB_UPLOAD_TOO_LARGE' }) as never;
    composer.addFiles([new File([new Uint8Array(10)], 'manual.pdf', { type: 'application/pdf' })]);
    deepQuery<HTMLTextAreaElement>(widget, 'textarea')!.value = 'See the manual';
    await settle(widget);
    send(widget);
    await vi.waitFor(() => expect(textOf(composer.shadowRoot)).toContain('manual.pdf is too large. The limit is'));
    expect(client.sent).toEqual([]);
    expect(composer.files.map((file) => file.name)).toEqual(['manual.pdf']);
    expect(deepQuery<HTMLTextAreaElement>(widget, 'textarea')!.value).toBe('See the manual');
  });

  it('takes files dropped anywhere on the panel, with a notice while they are dragged over', async () => {
    const { widget, composer } = await withUploads();
    const panel = widget.shadowRoot!.querySelector<HTMLElement>('.panel')!;
    const file = new File([new Uint8Array(4)], 'receipt.png', { type: 'image/png' });
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    const drag = (type: string) => {
      const event = new Event(type, { bubbles: true, cancelable: true, composed: true });
      Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
      panel.dispatchEvent(event);
      return event;
    };
    drag('dragenter');
    await settle(widget);
    expect(textOf(widget.shadowRoot!.querySelector('[part="drop"]'))).toBe('Drop files to attach them');
    expect(drag('drop').defaultPrevented).toBe(true);
    await settle(widget);
    expect(widget.shadowRoot!.querySelector('[part="drop"]')).toBeNull();
    expect(composer.files).toEqual([file]);
  });
});
