import { unsafeCSS, type CSSResultArray } from 'lit';
import { LAUNCHER_CSS } from './launcher-css-text.js';

/**
 * The launcher rule among `<confab-chat>`'s styles (see chat-widget.styles.ts). The npm library
 * and the unit tests have it built in; the script-tag app build swaps this module for
 * launcher-css.script.ts, which takes the rule from the loader instead of shipping it twice.
 * `unsafeCSS` only wraps our own constant string; no shop or shopper input reaches it.
 */
export const launcherStyles: CSSResultArray = [unsafeCSS(LAUNCHER_CSS)];

/**
 * Makes sure {@link launcherStyles} holds the launcher rule before `<confab-chat>` is defined
 * (Lit reads the styles once, then). Here it always does, so `css` is not needed.
 */
export async function receiveLauncherCss(_css?: string): Promise<void> {}
