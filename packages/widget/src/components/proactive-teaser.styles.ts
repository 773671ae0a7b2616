import { css } from 'lit';

/** Styles of `<confab-proactive-teaser>`: a bubble just above the launcher, on its side of the screen. */
export const proactiveTeaserStyles = css`
  :host {
    display: contents;
  }
  .teaser {
    position: fixed;
    z-index: var(--confab-z-index, 2147483000);
    right: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-right, 0px));
    bottom: calc(var(--confab-offset-y, 20px) + env(safe-area-inset-bottom, 0px) + var(--confab-launcher-size, 56px) + 12px);
    display: flex;
    align-items: flex-start;
    max-inline-size: min(280px, calc(100vw - 2 * var(--confab-offset-x, 20px)));
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: 12px;
    background: var(--confab-surface, #fff);
    color: var(--confab-text, #1f2328);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
    font-family: var(--confab-font, inherit);
    font-size: 14px;
  }
  :host([position='left']) .teaser {
    right: auto;
    left: calc(var(--confab-offset-x, 20px) + env(safe-area-inset-left, 0px));
  }
  .teaser[hidden] {
    display: none;
  }
  button {
    min-block-size: 44px;
    margin: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  .text {
    padding-block: 10px;
    padding-inline: 14px 4px;
    text-align: start;
  }
  .dismiss {
    display: grid;
    flex: none;
    place-items: center;
    min-inline-size: 44px;
    padding: 0;
    color: var(--confab-muted, #59636e);
  }
  .dismiss svg {
    inline-size: 16px;
    block-size: 16px;
    fill: currentColor;
  }
  button:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: -2px;
    border-radius: 12px;
  }
  @media (prefers-reduced-motion: no-preference) {
    .teaser {
      animation: confab-teaser-in 0.2s ease-out;
    }
    @keyframes confab-teaser-in {
      from {
        opacity: 0;
        transform: translateY(8px);
      }
    }
  }
`;
