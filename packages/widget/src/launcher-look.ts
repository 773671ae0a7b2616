/**
 * The look of the launcher button, shared by the script-tag loader's early launcher and the real
 * `<confab-chat>` launcher so that swapping one for the other changes no pixel. Plain strings,
 * without Lit, because the loader must stay under 2 KB.
 */

/** SVG path (24×24 view box) of the chat bubble shown on the closed launcher. */
export const CHAT_ICON_PATH =
  'M12 3C6.5 3 2 6.8 2 11.5c0 2.4 1.2 4.6 3.1 6.1L4 21l4.2-1.9c1.2.4 2.5.6 3.8.6 5.5 0 10-3.8 10-8.5S17.5 3 12 3z';

/** SVG path (24×24 view box) of the cross shown on the open launcher and the close button. */
export const CLOSE_ICON_PATH = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';

/**
 * Host defaults and the `.launcher` rule. `--_confab-on-accent` is the text colour on the accent:
 * `--confab-accent-contrast` when the shop sets it, otherwise black or white, whichever reads
 * better on the accent (relative colour syntax, where supported), otherwise white.
 */
export const LAUNCHER_CSS = `
:host {
  display: contents;
  --_confab-on-accent: var(--confab-accent-contrast, #fff);
}
@supports (color: oklch(from red l c h)) {
  :host {
    --_confab-on-accent: var(--confab-accent-contrast, oklch(from var(--confab-accent, #2454d6) clamp(0, (0.64 - l) * 1000, 1) 0 0));
  }
}
.launcher {
  position: fixed;
  z-index: var(--confab-z-index, 2147483000);
  right: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-right, 0px));
  bottom: calc(var(--confab-offset-y, 20px) + env(safe-area-inset-bottom, 0px));
  box-sizing: border-box;
  display: grid;
  place-items: center;
  width: var(--confab-launcher-size, 56px);
  height: var(--confab-launcher-size, 56px);
  min-width: 44px;
  min-height: 44px;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: var(--confab-launcher-radius, 50%);
  background: var(--confab-accent, #2454d6);
  color: var(--_confab-on-accent);
  box-shadow: 0 4px 14px rgb(0 0 0 / 0.22);
  font: inherit;
  cursor: pointer;
  touch-action: manipulation;
  -webkit-tap-highlight-color: transparent;
}
:host([position='left']) .launcher {
  right: auto;
  left: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-left, 0px));
}
.launcher:focus-visible {
  outline: 3px solid var(--confab-accent, #2454d6);
  outline-offset: 3px;
}
.launcher svg {
  width: 28px;
  height: 28px;
  fill: currentColor;
}
`;

/**
 * The launcher's hover growth: only on the real launcher, since the loader's early one is
 * swapped out within moments and every byte of the loader counts.
 */
export const LAUNCHER_MOTION_CSS = `
@media (prefers-reduced-motion: no-preference) {
  .launcher {
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.06);
  }
}
`;
