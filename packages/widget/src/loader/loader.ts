/**
 * The script-tag loader, built as `dist/script/confab.js` (a classic script, under 2 KB gzip).
 *
 * It does the least possible work while the page loads: reads its own `data-*` attributes,
 * paints the launcher button in its own shadow root (styled by a constructable stylesheet, so a
 * strict Content-Security-Policy without 'unsafe-inline' is fine), and imports the app chunk,
 * resolved against its own URL, when the shopper shows intent (pointer over, focus, touch,
 * click) or the page is idle after `load`. The app then swaps in `<confab-chat>` at the same
 * place (see `mount()` in embed.ts), styling its launcher with the CSS this script hands over
 * rather than a second copy in the app chunk. Running twice (the tag pasted twice) paints one
 * launcher.
 */
import type { MountOptions } from '../embed.js';
import type { QueuedCall } from '../global-api.js';
import { CHAT_ICON_PATH } from '../launcher-look.js';
import { LAUNCHER_LABELS, resolveLocale } from '../strings.js';
// Imported last: the bundle then puts the CSS after the labels, which gzips about 20 B smaller.
import { LAUNCHER_CSS } from '../launcher-css-text.js';

/** File name of the app chunk relative to this script (`assets/confab-[hash].js`), set by build.mjs. */
declare const __CONFAB_APP_CHUNK__: string;

interface AppChunk {
  mount(options: MountOptions): Promise<unknown>;
}

const ONCE = Symbol.for('confab.loader');
const win = window as Window & { [ONCE]?: true };
// Read now: document.currentScript is only set while this script first runs.
const script = (document.currentScript ??
  document.querySelector('script[src*="confab.js"]')) as HTMLScriptElement | null;
// A boolean data attribute is on when present, unless it says "false" (as in embed.ts).
const isOn = (value: string | undefined) => value !== undefined && value !== 'false';

if (script && !win[ONCE]) {
  win[ONCE] = true;
  const data = script.dataset;
  let earlyLauncher: HTMLElement | undefined;
  let loading: Promise<unknown> | undefined;
  const calls: QueuedCall[] = [];

  const load = (): Promise<unknown> =>
    (loading ??= import(/* @vite-ignore */ new URL(__CONFAB_APP_CHUNK__, script.src).href).then(
      (app: AppChunk) => app.mount({ script, earlyLauncher, calls, launcherCss: LAUNCHER_CSS }),
      () => {
        // Offline or blocked: let the next intent try again.
        loading = undefined;
      },
    ));

  const paint = () => {
    if (isOn(data['noLauncher']) || !('adoptedStyleSheets' in Document.prototype)) return;
    const host = document.createElement('confab-loader');
    const root = host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    root.adoptedStyleSheets = [sheet];
    if (data['position'] === 'left') host.setAttribute('position', 'left');
    const accent = data['accent'];
    if (accent && CSS.supports('color', accent)) host.style.setProperty('--confab-accent', accent);

    const button = document.createElement('button');
    button.className = 'launcher';
    button.type = 'button';
    button.setAttribute('part', 'launcher');
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute(
      'aria-label',
      LAUNCHER_LABELS[resolveLocale(data['locale'], document.documentElement.lang, navigator.language)],
    );
    const ns = 'http://www.w3.org/2000/svg';
    const icon = document.createElementNS(ns, 'svg');
    const path = document.createElementNS(ns, 'path');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', CHAT_ICON_PATH);
    icon.append(path);
    button.append(icon);
    for (const type of ['pointerenter', 'focus', 'touchstart']) {
      button.addEventListener(type, load, { once: true, passive: true });
    }
    button.addEventListener('click', () => {
      // The app opens the panel on mount when it sees this (see mount()).
      host.setAttribute('open', '');
      button.setAttribute('aria-busy', 'true');
      void load();
    });
    root.append(button);
    document.body.append(host);
    earlyLauncher = host;
  };

  // window.Confab before the app is in: every call is queued (and loads the app); the app replays
  // them in order. An early on() returns an unsubscribe that works before and after the replay;
  // every other method a promise of what the real call gives.
  win.Confab ??= new Proxy(
    {},
    {
      get: (_, method) =>
        method === 'then'
          ? undefined
          : (...args: unknown[]) => {
              const call: QueuedCall = [method, args];
              calls.push(call);
              void load();
              return method === 'on'
                ? () => (call[2] ? (call[2] as () => void)() : calls.splice(calls.indexOf(call), 1))
                : new Promise((resolve, reject) => (call[3] = [resolve, reject]));
            },
    },
  ) as Window['Confab'];

  const whenIdle = () => {
    if ('requestIdleCallback' in window) requestIdleCallback(load, { timeout: 3000 });
    else setTimeout(load, 1000);
  };

  const start = () => {
    if (document.querySelector('confab-chat')) return;
    paint();
    if (isOn(data['open'])) void load();
    else if (document.readyState === 'complete') whenIdle();
    else window.addEventListener('load', whenIdle, { once: true });
  };

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
