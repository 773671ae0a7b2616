/**
 * The icons of the launcher button, shared by the script-tag loader's early launcher and the real
 * `<confab-chat>` launcher so that swapping one for the other changes no pixel (its CSS is in
 * launcher-css-text.ts). Plain strings, without Lit, because the loader must stay under 2 KB.
 */

/** SVG path (24×24 view box) of the chat bubble shown on the closed launcher. */
export const CHAT_ICON_PATH =
  'M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1L4 21l4.2-1.9c1.2.4 2.5.6 3.8.6 5.5 0 10-3.8 10-8.5S17.5 3 12 3z';

/** SVG path (24×24 view box) of the cross shown on the open launcher and the close button. */
export const CLOSE_ICON_PATH = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';
