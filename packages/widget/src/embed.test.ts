import './test-support/dom.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatWidget } from './chat-widget.js';
import { mount, readEmbedConfig } from './embed.js';
import { deepActiveElement, settle } from './test-support/dom.js';
import { TinyRelay } from './test-support/tiny-relay.js';

afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  localStorage.clear();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function loaderScript(data: Record<string, string> = {}): HTMLScriptElement {
  const script = document.createElement('script');
  // Not a JavaScript type, so the test DOM never tries to fetch it.
  script.type = 'text/x-confab-test';
  script.src = 'https://chat.shop.example/widget/confab.js';
  for (const [key, value] of Object.entries(data)) script.dataset[key] = value;
  document.body.append(script);
  return script;
}

/** The loader's early launcher: a host with a focusable launcher in an open shadow root. */
function earlyLauncher(): HTMLElement {
  const host = document.createElement('confab-loader');
  const button = document.createElement('button');
  host.attachShadow({ mode: 'open' }).append(button);
  document.body.append(host);
  return host;
}

describe('readEmbedConfig', () => {
  it('defaults the relay to the script’s own origin and everything else off', () => {
    expect(readEmbedConfig(loaderScript())).toEqual({
      relay: 'https://chat.shop.example',
      locale: undefined,
      position: 'right',
      accent: undefined,
      title: undefined,
      noLauncher: false,
      open: false,
      noSound: false,
      theme: 'light',
      storage: undefined,
      proactive: false,
      notifications: false,
    });
  });

  it('reads every data-* attribute', () => {
    const script = loaderScript({
      relay: 'wss://relay.example/v1/ws',
      locale: 'zh-CN',
      position: 'left',
      accent: '#0a7d4f',
      title: 'Lumen & Oak support',
      noLauncher: '',
      open: '',
      noSound: '',
      theme: 'auto',
      storage: 'session',
      proactive: '',
      notifications: '',
    });
    expect(readEmbedConfig(script)).toEqual({
      relay: 'wss://relay.example/v1/ws',
      locale: 'zh-CN',
      position: 'left',
      accent: '#0a7d4f',
      title: 'Lumen & Oak support',
      noLauncher: true,
      open: true,
      noSound: true,
      theme: 'auto',
      storage: 'session',
      proactive: true,
      notifications: true,
    });
  });

  it('treats "false" as off and ignores an accent the browser does not take for a colour', () => {
    // The test DOM answers yes to every CSS.supports() question; a browser would say no to url(x).
    vi.spyOn(Object.getPrototypeOf(CSS) as typeof CSS, 'supports').mockImplementation((property: string, value?: string) => property === 'color' && value !== 'url(x)');
    const config = readEmbedConfig(loaderScript({ open: 'false', noLauncher: 'false', noSound: 'false', accent: 'url(x)', position: 'middle' }));
    expect(config).toMatchObject({ open: false, noLauncher: false, noSound: false, accent: undefined, position: 'right' });
  });
});

describe('mount', () => {
  it('creates one <confab-chat> configured from the script tag', async () => {
    const script = loaderScript({ locale: 'en', position: 'left', title: 'Support', accent: 'rebeccapurple' });
    const widget = await mount({ script });
    expect(document.querySelectorAll('confab-chat')).toHaveLength(1);
    expect(widget.relay).toBe('https://chat.shop.example');
    expect(widget.getAttribute('position')).toBe('left');
    expect(widget.heading).toBe('Support');
    expect(widget.style.getPropertyValue('--confab-accent')).toBe('rebeccapurple');
    expect(widget.isOpen).toBe(false);
    expect(widget.noSound).toBe(false);
  });

  it('turns the notification chime off with data-no-sound', async () => {
    const widget = await mount({ script: loaderScript({ noSound: '' }) });
    expect(widget.noSound).toBe(true);
    expect(widget.hasAttribute('no-sound')).toBe(true);
  });

  it('never makes two widgets, even when called again at once', async () => {
    const script = loaderScript();
    const second = earlyLauncher();
    const [a, b] = await Promise.all([mount({ script }), mount({ script, earlyLauncher: second })]);
    expect(a).toBe(b);
    expect(await mount({ script })).toBe(a);
    expect(document.querySelectorAll('confab-chat')).toHaveLength(1);
    expect(second.isConnected).toBe(false);
  });

  it('replaces the early launcher and moves its keyboard focus to the real launcher', async () => {
    const host = earlyLauncher();
    host.shadowRoot!.querySelector('button')!.focus();
    expect(document.activeElement).toBe(host);
    const widget = await mount({ script: loaderScript(), earlyLauncher: host });
    expect(host.isConnected).toBe(false);
    expect(deepActiveElement()).toBe(widget.shadowRoot!.querySelector('[part="launcher"]'));
  });

  it('opens the panel, as the shopper asked, when the early launcher was clicked before loading', async () => {
    vi.stubGlobal('WebSocket', new TinyRelay().WebSocket);
    const host = earlyLauncher();
    host.setAttribute('open', '');
    const opened: string[] = [];
    document.addEventListener('confab-open', (event) => opened.push(event.detail.source), { once: true });
    const widget = await mount({ script: loaderScript(), earlyLauncher: host });
    await settle(widget);
    expect(widget.isOpen).toBe(true);
    expect(opened).toEqual(['launcher']);
    widget.client?.close();
    widget.remove();
  });

  it('opens on load with data-open and hides the launcher with data-no-launcher', async () => {
    vi.stubGlobal('WebSocket', new TinyRelay().WebSocket);
    const widget: ChatWidget = await mount({ script: loaderScript({ open: '', noLauncher: '' }) });
    await settle(widget);
    expect(widget.isOpen).toBe(true);
    expect(widget.hasAttribute('no-launcher')).toBe(true);
    expect(widget.shadowRoot!.querySelector('[part="launcher"]')).toBeNull();
    widget.remove();
  });

  it('has the Chinese strings ready when it appears on a Chinese page', async () => {
    document.documentElement.lang = 'zh-Hans';
    const widget = await mount({ script: loaderScript() });
    expect(widget.shadowRoot!.querySelector('[part="launcher"]')!.getAttribute('aria-label')).toBe('在线客服');
  });
});
