import './test-support/dom.js';
import type { CSSResult, CSSResultArray } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LAUNCHER_CSS } from './launcher-css-text.js';

// As in the script-tag app build (build.mjs), everything that imports launcher-css.js gets the
// script variant, so mount() can be checked with it.
vi.mock('./launcher-css.js', () => import('./launcher-css.script.js'));

type LauncherCss = typeof import('./launcher-css.js');

/** A fresh copy of the script variant (and of warnOnce), typed as the built-in one it stands in for. */
async function scriptVariant(): Promise<LauncherCss> {
  vi.resetModules();
  return import('./launcher-css.script.js');
}

const cssTexts = (styles: CSSResultArray) => styles.map((style) => (style as CSSResult).cssText);

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('launcher CSS of the script-tag app', () => {
  it('starts empty and takes the CSS the loader hands over, once, without a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { launcherStyles, receiveLauncherCss } = await scriptVariant();
    expect(launcherStyles).toEqual([]);
    await receiveLauncherCss('.launcher{color:red}');
    await receiveLauncherCss('.launcher{color:blue}');
    expect(cssTexts(launcherStyles)).toEqual(['.launcher{color:red}']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once and loads the launcher CSS itself when the loader hands none over', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { launcherStyles, receiveLauncherCss } = await scriptVariant();
    await receiveLauncherCss();
    await receiveLauncherCss();
    expect(cssTexts(launcherStyles)).toEqual([LAUNCHER_CSS]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[confab\] mount\(\) got no launcherCss/));
  });

  it('still styles the launcher of a widget mounted without the CSS, before its tag is defined', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.resetModules();
    const { mount } = await import('./embed.js');
    const script = document.createElement('script');
    script.src = 'https://chat.shop.example/widget/confab.js';
    const widget = await mount({ script });
    // Lit took the styles when mount() defined the tag: the launcher rule is among them, after
    // the visually-hidden helper and before the rest, as in the npm build.
    const styles = (widget.constructor as typeof import('./chat-widget.js').ChatWidget).elementStyles;
    expect(cssTexts(styles as CSSResultArray).indexOf(LAUNCHER_CSS)).toBe(1);
    expect(widget.shadowRoot!.adoptedStyleSheets).toHaveLength(styles.length);
    expect(widget.shadowRoot!.querySelector('[part="launcher"]')).not.toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
