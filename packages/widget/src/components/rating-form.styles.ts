import { css } from 'lit';

/** Styles of `<confab-rating-form>`. */
export const ratingFormStyles = css`
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
    box-sizing: border-box;
    width: 100%;
    min-height: 44px;
    margin: 4px 0 8px;
    padding: 8px 10px;
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: 8px;
    background: var(--confab-input-background, #fff);
    color: var(--confab-text, #1f2328);
    /* 16px at least: iOS Safari zooms the page into any smaller text field on focus. */
    font: inherit;
    font-size: 16px;
    resize: vertical;
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
  .thanks {
    margin: 0;
    font-weight: 600;
  }
  @media (prefers-reduced-motion: no-preference) {
    .scores label {
      transition: color 0.1s;
    }
  }
`;
