import { css } from 'lit';

/** Styles of the attachment tray, for the element that renders it (`<confab-composer>`). */
export const attachmentTrayStyles = css`
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
  .tray .remove {
    inline-size: 44px;
    block-size: 44px;
    margin-block: -1px;
    background: none;
    color: inherit;
  }
  .remove svg {
    inline-size: 16px;
    block-size: 16px;
  }
`;
