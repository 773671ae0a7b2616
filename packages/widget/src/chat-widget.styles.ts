import { css } from 'lit';
import { launcherStyles } from './launcher-css.js';
import { visuallyHiddenStyles } from './visually-hidden.styles.js';

/**
 * The dark palette: custom properties on the host, so every part of the panel (each in its own
 * shadow root) inherits them, and a shop's own confab-chat { --confab-surface: … } still wins.
 * A fragment of declarations, used by the two rules below (only whole css templates get minified).
 */
const darkPalette = css`
  --confab-surface: #1c2128;
  --confab-text: #e6edf3;
  --confab-muted: #9ea7b3;
  --confab-border: #444c56;
  --confab-team-bubble: #2d333b;
  --confab-input-background: #22272e;
  --confab-notice-background: #3d3000;
  --confab-notice-text: #f8e3a1;
  --confab-error: #ff938a;
  color-scheme: dark;
`;

/** `theme="dark"`, and `theme="auto"` when the shopper's system is dark. */
const darkThemeStyles = css`:host([theme='dark']){${darkPalette}}@media (prefers-color-scheme:dark){:host([theme='auto']){${darkPalette}}}`;

/**
 * Styles of `<confab-chat>`. The launcher rule is shared with the script-tag loader (see
 * launcher-css.ts); Lit flattens the nested `launcherStyles` array when the tag is defined.
 */
export const chatWidgetStyles = [
  visuallyHiddenStyles,
  launcherStyles,
  css`
    /* The launcher's hover growth: only on the real launcher, since the loader's early one is
       swapped out within moments and every byte of the loader counts. First, so that it follows
       the launcher rule and precedes the rest, as when it was a stylesheet of its own. */
    @media (prefers-reduced-motion: no-preference) {
      .launcher {
        transition: transform 0.15s ease;
      }
      .launcher:hover {
        transform: scale(1.06);
      }
    }
  `,
  darkThemeStyles,
  css`
    :host([hidden]) {
      display: none;
    }
    .badge {
      position: absolute;
      top: -4px;
      right: -4px;
      box-sizing: border-box;
      min-width: 22px;
      height: 22px;
      padding: 0 6px;
      border: 2px solid var(--confab-surface, #fff);
      border-radius: 11px;
      background: var(--confab-badge, #d92d20);
      color: var(--confab-badge-text, #fff);
      font-size: 12px;
      font-weight: 700;
      line-height: 18px;
      text-align: center;
    }
    :host([position='left']) .badge {
      right: auto;
      left: -4px;
    }

    .panel {
      position: fixed;
      z-index: var(--confab-z-index, 2147483000);
      right: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-right, 0px));
      bottom: calc(var(--confab-offset-y, 20px) + env(safe-area-inset-bottom, 0px) + var(--confab-launcher-size, 56px) + 12px);
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      width: min(var(--confab-panel-width, 380px), calc(100vw - 2 * var(--confab-offset-x, 20px)));
      height: min(var(--confab-panel-height, 600px), calc(100vh - var(--confab-launcher-size, 56px) - 80px));
      height: min(var(--confab-panel-height, 600px), calc(100dvh - var(--confab-launcher-size, 56px) - 80px));
      overflow: hidden;
      border-radius: var(--confab-radius, 16px);
      background: var(--confab-surface, #fff);
      color: var(--confab-text, #1f2328);
      box-shadow: 0 12px 40px rgb(0 0 0 / 0.25);
      /* The page's font by default, so the chat looks like part of the shop; everything else
         that inherits is set here so page styles (text-transform, letter-spacing…) stay out. */
      font-family: var(--confab-font, inherit);
      font-size: 15px;
      font-style: normal;
      font-weight: 400;
      line-height: 1.45;
      letter-spacing: normal;
      word-spacing: normal;
      text-align: start;
      text-transform: none;
      text-indent: 0;
      white-space: normal;
    }
    .panel[hidden] {
      display: none;
    }
    /* The panel itself only takes focus when opened on a touch screen; it needs no ring. */
    .panel:focus {
      outline: none;
    }
    :host([position='left']) .panel {
      right: auto;
      left: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-left, 0px));
    }
    :host([no-launcher]) .panel {
      bottom: calc(var(--confab-offset-y, 20px) + env(safe-area-inset-bottom, 0px));
    }
    @media (prefers-reduced-motion: no-preference) {
      .panel {
        animation: confab-panel-in 0.18s ease-out;
      }
    }
    @keyframes confab-panel-in {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
    header {
      display: flex;
      align-items: center;
      gap: 8px;
      min-height: 56px;
      padding-inline: 16px 4px;
      background: var(--confab-header-background, var(--confab-accent, #2454d6));
      color: var(--confab-header-text, var(--_confab-on-accent));
    }
    h2 {
      flex: 1;
      margin: 0;
      overflow: hidden;
      font: inherit;
      font-size: 16px;
      font-weight: 600;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .close {
      display: grid;
      place-items: center;
      width: 44px;
      height: 44px;
      margin: 0;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: none;
      color: inherit;
      cursor: pointer;
      touch-action: manipulation;
    }
    .close:hover {
      background: rgb(127 127 127 / 0.2);
    }
    .close:focus-visible {
      outline: 2px solid currentColor;
      outline-offset: -4px;
    }
    .close svg {
      width: 22px;
      height: 22px;
      fill: currentColor;
    }

    confab-message-list {
      flex: 1;
      min-height: 0;
    }
    .notice {
      margin: 0;
      padding: 8px 16px;
      background: var(--confab-notice-background, #fff8c5);
      color: var(--confab-notice-text, #3b2f00);
      font-size: 13px;
    }
    .notice:empty {
      display: none;
    }
    /* Over the panel while files are dragged onto it; the drop itself lands on the panel. */
    .drop {
      position: absolute;
      inset: 56px 0 0;
      z-index: 1;
      display: grid;
      place-items: center;
      margin: 0;
      border: 2px dashed var(--confab-accent, #2454d6);
      background: color-mix(in srgb, var(--confab-surface, #fff) 90%, transparent);
      font-weight: 600;
      pointer-events: none;
    }
    /* Phones: the panel takes the whole screen, inside the notch and home-indicator areas. */
    @media (max-width: 639.98px) {
      .panel,
      :host([position='left']) .panel,
      :host([no-launcher]) .panel {
        /* Above the on-screen keyboard: the visible part of the screen (viewport-controller.ts). */
        inset: var(--_confab-viewport-top, 0px) 0 auto;
        width: 100%;
        height: 100vh;
        height: var(--_confab-viewport-height, 100dvh);
        border-radius: 0;
        padding: 0 env(safe-area-inset-right, 0px) env(safe-area-inset-bottom, 0px) env(safe-area-inset-left, 0px);
      }
      header {
        padding-top: env(safe-area-inset-top, 0px);
      }
    }
  `,
];
