import { css } from 'lit';
import { formControlStyles } from './form-controls.styles.js';

/** Styles of `<confab-rating-form>`. */
export const ratingFormStyles = [
  formControlStyles,
  css`
  :host {
    display: block;
    padding: 10px 16px 12px;
    border-top: 1px solid var(--confab-border, #d8dee4);
    font-size: 14px;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    font-weight: 600;
  }
  .scores {
    display: flex;
    gap: 4px;
    margin: 6px 0;
  }
  .scores label {
    position: relative;
    display: grid;
    place-items: center;
    width: 44px;
    height: 44px;
    border-radius: 8px;
    color: var(--confab-muted, #59636e);
    font-size: 26px;
    line-height: 1;
    cursor: pointer;
  }
  .scores label.on {
    color: var(--confab-star, #9a6700);
  }
  /* The radio stays in the accessibility tree and takes focus; the star is what is seen. */
  .scores input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .scores label:has(input:focus-visible) {
    outline: 2px solid var(--confab-accent, #2454d6);
  }
  textarea {
    display: block;
    width: 100%;
    margin: 4px 0 8px;
    resize: vertical;
  }
  .thanks {
    margin: 0;
    font-weight: 600;
  }
  @media (prefers-reduced-motion: no-preference) {
    .scores label {
      transition: color 0.1s;
    }
  }
`,
];
