/**
 * The launcher button's CSS, shared by the script-tag loader's early launcher and the real
 * `<confab-chat>` launcher so that swapping one for the other changes no pixel. A module of its
 * own, so that the script-tag app can leave it to the loader (see launcher-css.script.ts) and
 * load it lazily only when the loader did not hand it over. A plain string, without Lit, because
 * the loader must stay under 2 KB.
 */

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
