import { css } from 'lit';

/** Styles of `<confab-composer>` (the attachment tray, `<confab-attachment-tray>`, has its own). */
export const composerStyles = css`
  :host {
    display: block;
  }
  form {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding-block: 8px;
    padding-inline: 12px 8px;
    border-block-start: 1px solid var(--confab-border, #d8dee4);
    background: var(--confab-surface, #fff);
  }
  textarea {
    flex: 1;
    box-sizing: border-box;
    min-block-size: 44px;
    max-block-size: 8.5em;
    margin: 0;
    padding: 10px 12px;
    resize: none;
    overflow-y: auto;
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: calc(var(--confab-radius, 16px) * 0.75);
    background: var(--confab-input-background, #fff);
    color: inherit;
    /* 16px at least: iOS Safari zooms the page into any smaller text field on focus. */
    font: inherit;
    font-size: max(16px, 1em);
    line-height: 1.4;
    field-sizing: content;
  }
  textarea::placeholder {
    color: var(--confab-muted, #59636e);
    opacity: 1;
  }
  textarea:focus-visible,
  button:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 1px;
  }
  button {
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 44px;
    block-size: 44px;
    margin: 0;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--confab-accent, #2454d6);
    color: var(--_confab-on-accent, #fff);
    cursor: pointer;
    touch-action: manipulation;
  }
  .attach {
    background: none;
    color: var(--confab-muted, #59636e);
  }
  button[aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  button:focus-visible {
    outline-offset: 2px;
  }
  svg {
    inline-size: 20px;
    block-size: 20px;
    fill: currentColor;
  }
  [part='send'] svg:dir(rtl) {
    transform: scaleX(-1);
  }
  .error,
  .status {
    margin: 0;
    padding: 0 12px 8px;
    color: var(--confab-error, #b42318);
    font-size: 13px;
  }
  .status {
    color: var(--confab-muted, #59636e);
  }
  /* Empty regions stay in the accessibility tree (no display: none), so what appears in them is announced. */
  .error:empty,
  .status:empty {
    padding: 0;
  }
`;
