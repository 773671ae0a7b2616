import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LAUNCHER_CSS } from '../launcher-css-text.js';

// The loader imports the app from this URL, relative to its own script; the mock stands in for
// the built app chunk so the hand-over (mount with script and early launcher) can be checked.
const mount = vi.fn((_options: { script: HTMLScriptElement; earlyLauncher?: HTMLElement; launcherCss?: string }) => Promise.resolve());
vi.mock('https://chat.shop.example/widget/assets/confab-test.js', () => ({ mount }));

const ONCE = Symbol.for('confab.loader');

function addScript(data: Record<string, string> = {}): HTMLScriptElement {
  const script = document.createElement('script');
  // Not a JavaScript type, so the test DOM never fetches it; the loader finds it by its src.
  script.type = 'text/x-confab-test';
  script.src = 'https://chat.shop.example/widget/confab.js';
  for (const [key, value] of Object.entries(data)) script.dataset[key] = value;
  document.head.append(script);
  return script;
}

async function runLoader(): Promise<void> {
  vi.resetModules();
  await import('./loader.js');
}

function earlyLauncher() {
  const host = document.querySelector<HTMLElement>('confab-loader');
  return { host, button: host?.shadowRoot?.querySelector('button') ?? null };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('__CONFAB_APP_CHUNK__', 'assets/confab-test.js');
  mount.mockClear();
});

afterEach(() => {
  delete (window as Window & { [ONCE]?: true })[ONCE];
  document.head.replaceChildren();
  document.body.replaceChildren();
  document.documentElement.removeAttribute('lang');
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('loader (confab.js)', () => {
  it('paints an accessible launcher at once, styled only by an adopted stylesheet', async () => {
    addScript();
    await runLoader();
    const { host, button } = earlyLauncher();
    expect(host).not.toBeNull();
    expect(button!.getAttribute('aria-label')).toBe('Chat with us');
    expect(button!.getAttribute('aria-expanded')).toBe('false');
    expect(button!.getAttribute('part')).toBe('launcher');
    expect(host!.shadowRoot!.adoptedStyleSheets).toHaveLength(1);
    expect(host!.shadowRoot!.querySelector('style')).toBeNull();
    expect(host!.hasAttribute('style')).toBe(false);
    expect(document.head.querySelector('style, link')).toBeNull();
    expect(mount).not.toHaveBeenCalled();
  });

  it('names the launcher in Chinese on a Chinese page and honours position and accent', async () => {
    document.documentElement.lang = 'zh-CN';
    addScript({ position: 'left', accent: '#0a7d4f' });
    await runLoader();
    const { host, button } = earlyLauncher();
    expect(button!.getAttribute('aria-label')).toBe('在线客服');
    expect(host!.getAttribute('position')).toBe('left');
    expect(host!.style.getPropertyValue('--confab-accent')).toBe('#0a7d4f');
  });

  it('loads the app on intent, once, and hands over its script, early launcher and launcher CSS', async () => {
    const script = addScript();
    await runLoader();
    const { host, button } = earlyLauncher();
    button!.dispatchEvent(new Event('pointerenter'));
    button!.dispatchEvent(new FocusEvent('focus'));
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
    expect(mount.mock.calls[0]![0]).toEqual({ script, earlyLauncher: host, calls: [], launcherCss: LAUNCHER_CSS });
  });

  it('remembers a click before the app arrived, so the app opens the panel', async () => {
    addScript();
    await runLoader();
    const { host, button } = earlyLauncher();
    button!.click();
    expect(host!.hasAttribute('open')).toBe(true);
    expect(button!.getAttribute('aria-busy')).toBe('true');
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
  });

  it('loads the app by itself once the page is idle', async () => {
    addScript();
    await runLoader();
    expect(mount).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
  });

  it('paints one launcher when the script tag is on the page twice', async () => {
    addScript();
    addScript();
    await runLoader();
    await runLoader();
    expect(document.querySelectorAll('confab-loader')).toHaveLength(1);
  });

  it('paints nothing with data-no-launcher and opens at once with data-open', async () => {
    addScript({ noLauncher: '', open: '' });
    await runLoader();
    expect(document.querySelector('confab-loader')).toBeNull();
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
    expect(mount.mock.calls[0]![0].earlyLauncher).toBeUndefined();
  });
});

describe('window.Confab before the app loaded', () => {
  afterEach(() => {
    delete window.Confab;
  });

  it('queues calls, loads the app for them, and hands them to mount in order', async () => {
    const script = addScript();
    await runLoader();
    const early = window.Confab!;
    const opened = early.open();
    const off = early.on('message', () => {});
    const dropped = early.on('open', () => {});
    (dropped as () => void)();
    expect(opened).toBeInstanceOf(Promise);
    expect(typeof off).toBe('function');
    await vi.waitFor(() => expect(mount).toHaveBeenCalledTimes(1));
    const { calls } = mount.mock.calls[0]![0] as unknown as { calls: Array<[string, unknown[]]> };
    expect(calls.map(([method]) => method)).toEqual(['open', 'on']);
    expect(mount.mock.calls[0]![0]).toMatchObject({ script });
    // Awaiting the stand-in itself must not queue a call named "then".
    expect((early as unknown as { then?: unknown }).then).toBeUndefined();
  });
});
