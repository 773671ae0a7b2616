import { unsafeCSS, type CSSResultArray } from 'lit';

/**
 * The script-tag app's stand-in for launcher-css.ts (build.mjs swaps it in for the app build only).
 * The loader already carries the launcher rule for its early launcher and hands it to `mount()`,
 * so the app chunk does not ship a second copy: the styles stay empty until
 * {@link receiveLauncherCss} fills them, which `mount()` awaits before it defines the elements.
 */
export const launcherStyles: CSSResultArray = [];

/** The fallback when the loader handed no CSS over: tells why the page makes one more request. */
async function loadLauncherCss(): Promise<string> {
  // Not warnOnce(): this runs once at most (then launcherStyles[0] is set), and importing
  // warn-once.js this early in the module order made Rolldown split @confab/protocol's error
  // codes into a chunk of their own that every page fetched (+460 B gzip).
  console.warn('[confab] mount() got no launcherCss; loading it');
  return (await import('./launcher-css-text.js')).LAUNCHER_CSS;
}

/**
 * Puts the launcher rule the loader handed over into {@link launcherStyles}, once. Without one
 * (`mount()` called by anything but our loader), warns and loads the rule from its own small
 * chunk, so the launcher is never unstyled.
 */
export async function receiveLauncherCss(css?: string): Promise<void> {
  // `unsafeCSS` only wraps our own constant string, passed on by our own loader.
  launcherStyles[0] ??= unsafeCSS(css || (await loadLauncherCss()));
}
