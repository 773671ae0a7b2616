import { css } from 'lit';

/**
 * Styles of the "Notify me of replies" button in `<confab-chat>`'s panel. They come with the
 * attention chunk, which is loaded before the button shows, and are added to the widget's
 * shadow root then (see `addStyles()`).
 */
export const notifyButtonStyles = css`
  .notify {
    min-height: 44px;
    margin: 0 16px 4px;
    padding: 0 12px;
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: 22px;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 14px;
    cursor: pointer;
    touch-action: manipulation;
  }
  .notify:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 2px;
  }
`;
