import { ChatWidget, openAsShopper } from './chat-widget.js';
import { defineElements } from './define.js';
import { installGlobalApi, type QueuedCall } from './global-api.js';
import { receiveLauncherCss } from './launcher-css.js';
import { loadStrings, resolveLocale } from './strings.js';

/** What the script-tag loader hands to {@link mount}. */
export interface MountOptions {
  /** The loader's `<script>`; its `data-*` attributes configure the widget. */
  script?: HTMLScriptElement | null;
  /**
   * The launcher the loader painted. It is removed once the real one has rendered in the same
   * place; if it has focus, focus moves to the real launcher, and if the shopper clicked it
   * (the loader then sets its `open` attribute) the panel opens.
   */
  earlyLauncher?: HTMLElement | null;
  /** Calls made on the loader's stand-in `window.Confab`, replayed once the widget is up. */
  calls?: QueuedCall[];
  /**
   * The launcher's CSS (`LAUNCHER_CSS`), which the loader carries for its early launcher anyway,
   * so the app chunk does not ship it again. Without it the app warns and loads it separately.
   */
  launcherCss?: string;
}

/** Script-tag settings, read from the loader's `data-*` attributes. */
export interface EmbedConfig {
  /** `data-relay`; default: the origin the script was loaded from. */
  relay: string | undefined;
  /** `data-locale`; default: `<html lang>`, then the browser's language. */
  locale: string | undefined;
  /** `data-position`: `right` (default) or `left`. */
  position: 'right' | 'left';
  /** `data-accent`: any CSS colour, set as `--confab-accent`. */
  accent: string | undefined;
  /** `data-title`: the panel title. */
  title: string | undefined;
  /** `data-no-launcher`: present to hide the launcher. */
  noLauncher: boolean;
  /** `data-open`: present to open the panel on load. */
  open: boolean;
  /** `data-no-sound`: present to never play the notification chime. */
  noSound: boolean;
  /** `data-theme`: `light` (default), `dark` or `auto` (follows the shopper's system). */
  theme: 'light' | 'dark' | 'auto';
  /** `data-storage`: `local` (default), `session` or `none`. */
  storage: string | undefined;
  /** `data-proactive`: present to show the relay's proactive messages. */
  proactive: boolean;
  /** `data-notifications`: present to offer desktop notifications of replies. */
  notifications: boolean;
}

function keyword(value: string | undefined): string | undefined {
  return value?.trim().toLowerCase();
}

// A boolean data attribute is on when present, except with the value "false" (data-open="false").
function flag(value: string | undefined): boolean {
  return value !== undefined && keyword(value) !== 'false';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

function toTheme(value: string | undefined): EmbedConfig['theme'] {
  const theme = keyword(value);
  return theme === 'dark' || theme === 'auto' ? theme : 'light';
}

/** Reads the widget settings from the script tag's `data-*` attributes, with their defaults. */
export function readEmbedConfig(script: HTMLScriptElement | null | undefined): EmbedConfig {
  const data = script?.dataset ?? {};
  let relay = nonEmpty(data['relay']);
  if (!relay && script?.src) {
    try {
      // `src` reads as an absolute URL, unless it cannot be parsed.
      relay = new URL(script.src).origin;
    } catch {
      // Then there is no default relay.
    }
  }
  const accent = nonEmpty(data['accent']);
  return {
    relay,
    locale: nonEmpty(data['locale']),
    position: keyword(data['position']) === 'left' ? 'left' : 'right',
    // An invalid colour would blank the launcher; keep the default instead.
    accent: accent && globalThis.CSS?.supports?.('color', accent) !== false ? accent : undefined,
    title: nonEmpty(data['title']),
    noLauncher: flag(data['noLauncher']),
    open: flag(data['open']),
    noSound: flag(data['noSound']),
    theme: toTheme(data['theme']),
    storage: nonEmpty(data['storage']),
    proactive: flag(data['proactive']),
    notifications: flag(data['notifications']),
  };
}

let pending: Promise<ChatWidget> | undefined;

/**
 * Entry of the script-tag app chunk, called by the loader: registers the elements, creates one
 * `<confab-chat>` from the script's `data-*` attributes at the end of `<body>` and swaps out the
 * loader's early launcher. While a `<confab-chat>` is on the page (or being mounted),
 * calling it again mounts nothing and resolves to that widget.
 *
 * @example
 * const { mount } = await import(new URL('assets/confab-[hash].js', script.src).href);
 * await mount({ script, earlyLauncher, calls, launcherCss: LAUNCHER_CSS });
 */
export function mount(options: MountOptions = {}): Promise<ChatWidget> {
  const existing = document.querySelector('confab-chat');
  if (existing || pending) {
    options.earlyLauncher?.remove();
    return existing ? Promise.resolve(existing) : pending!;
  }
  pending = create(options).finally(() => {
    pending = undefined;
  });
  return pending;
}

async function create({ script, earlyLauncher, calls = [], launcherCss }: MountOptions): Promise<ChatWidget> {
  // Lit reads <confab-chat>'s styles once, when the tag is defined: the launcher rule must be in first.
  await receiveLauncherCss(launcherCss);
  defineElements();
  const { accent, title, open, ...properties } = readEmbedConfig(script);
  const widget = document.createElement('confab-chat');
  // The other settings are properties of the same name; an unset one stays unset (undefined).
  Object.assign(widget, { ...properties, heading: title, isOpen: open } satisfies Partial<ChatWidget>);
  // CSSOM, not a style attribute: allowed under a strict style-src Content-Security-Policy.
  if (accent) widget.style.setProperty('--confab-accent', accent);
  // Load the language first so the panel never flashes English on a Chinese page.
  await loadStrings(resolveLocale(properties.locale, document.documentElement.lang, navigator.language));
  document.body.append(widget);
  await widget.updateComplete;
  if (earlyLauncher) {
    if (document.activeElement === earlyLauncher) widget.focus();
    earlyLauncher.remove();
    // The shopper clicked it (the loader then sets `open`).
    if (earlyLauncher.hasAttribute('open')) {
      // Another copy of the widget may own the tag (see defineElements); it has no loader hook.
      if (widget instanceof ChatWidget) openAsShopper(widget);
      else (widget as HTMLElement & { open?: () => void }).open?.();
    }
  }
  // Calls the shop queues meanwhile stay in `calls` and replay with the earlier ones.
  await installGlobalApi(widget, calls);
  return widget;
}
