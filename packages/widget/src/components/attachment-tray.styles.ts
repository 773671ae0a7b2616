import { css } from 'lit';

/** Styles of `<confab-attachment-tray>`. */
export const attachmentTrayStyles = css`
  :host {
    display: block;
  }
  .tray {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    max-block-size: 7.5rem;
    overflow-y: auto;
    margin: 0;
    padding-block: 8px 0;
    padding-inline: 12px 8px;
    list-style: none;
    border-block-start: 1px solid var(--confab-border, #d8dee4);
    background: var(--confab-surface, #fff);
  }
  .attachment {
    display: flex;
    align-items: center;
    gap: 6px;
    max-inline-size: 100%;
    min-block-size: 44px;
    box-sizing: border-box;
    padding-inline-start: 6px;
    border: 1px solid var(--confab-border, #d8dee4);
    border-radius: 8px;
    font-size: 14px;
  }
  .attachment img,
  .attachment > svg {
    flex: none;
    inline-size: 32px;
    block-size: 32px;
    border-radius: 4px;
    object-fit: cover;
  }
  .name {
    min-inline-size: 0;
    max-inline-size: 10em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .size {
    flex: none;
    color: var(--confab-muted, #59636e);
  }
  .remove {
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 44px;
    block-size: 44px;
    margin-block: -1px;
    margin-inline: 0;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: none;
    color: inherit;
    cursor: pointer;
    touch-action: manipulation;
  }
  .remove[aria-disabled='true'] {
    opacity: 0.45;
    cursor: default;
  }
  .remove:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 2px;
  }
  .remove svg {
    inline-size: 16px;
    block-size: 16px;
    fill: currentColor;
  }
`;
