import { css } from 'lit';

/**
 * The look of the small forms inside the panel (email outside business hours, the rating): text
 * fields that iOS does not zoom into, 44 px touch targets, the accent button, focus rings and
 * error text.
 */
export const formControlStyles = css`
  input:not([type='radio']),
  textarea {
    box-sizing: border-box;
    min-height: 44px;
    margin: 0;
    padding: 8px 10px;
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: 8px;
    background: var(--confab-input-background, #fff);
    color: var(--confab-text, #1f2328);
    /* 16px at least: iOS Safari zooms the page into any smaller text field on focus. */
    font: inherit;
    font-size: 16px;
  }
  button {
    min-height: 44px;
    padding: 0 14px;
    border: 0;
    border-radius: 8px;
    background: var(--confab-accent, #2454d6);
    color: var(--_confab-on-accent, #fff);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    touch-action: manipulation;
  }
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: default;
  }
  input:focus-visible,
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 1px;
  }
  .error {
    margin: 4px 0 0;
    color: var(--confab-error, #b42318);
  }
  .error:empty {
    display: none;
  }
`;
