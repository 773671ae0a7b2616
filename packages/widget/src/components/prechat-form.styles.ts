import { css } from 'lit';
import { formControlStyles } from './form-controls.styles.js';

/** Styles of `<confab-prechat-form>`. */
export const preChatFormStyles = [
  formControlStyles,
  css`
    :host {
      display: block;
      padding-block: 12px;
      padding-inline: 16px;
      font-size: 14px;
    }
    .title {
      margin-block: 0 8px;
      font-weight: 600;
    }
    .field {
      margin-block-end: 10px;
    }
    label {
      display: block;
      margin-block-end: 4px;
    }
    .optional {
      color: var(--confab-muted, #59636e);
    }
    input {
      display: block;
      inline-size: 100%;
    }
    button {
      inline-size: 100%;
    }
    input[aria-invalid='true'] {
      border-color: var(--confab-error, #b42318);
    }
    @media (prefers-reduced-motion: no-preference) {
      input {
        transition: border-color 0.15s;
      }
    }
  `,
];
