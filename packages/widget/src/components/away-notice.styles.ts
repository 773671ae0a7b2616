import { css } from 'lit';

/** Styles of `<confab-away-notice>`. */
export const awayNoticeStyles = css`
  :host {
    display: block;
    padding: 8px 16px 10px;
    background: var(--confab-notice-background, #fff8c5);
    color: var(--confab-notice-text, #3b2f00);
    font-size: 13px;
  }
  p {
    margin: 0;
  }
  form {
    margin-top: 6px;
  }
  label {
    display: block;
    margin-bottom: 4px;
  }
  .row {
    display: flex;
    gap: 6px;
  }
  input {
    flex: 1;
    min-width: 0;
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
  input:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 1px;
  }
  button {
    flex: none;
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
  .error {
    margin-top: 4px;
    color: var(--confab-error, #b42318);
  }
  .error:empty {
    display: none;
  }
  .saved {
    margin-top: 6px;
    font-weight: 600;
  }
`;
