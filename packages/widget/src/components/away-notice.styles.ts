import { css } from 'lit';
import { formControlStyles } from './form-controls.styles.js';

/** Styles of `<confab-away-notice>`. */
export const awayNoticeStyles = [
  formControlStyles,
  css`
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
    }
    button {
      flex: none;
    }
    .saved {
      margin-top: 6px;
      font-weight: 600;
    }
  `,
];
