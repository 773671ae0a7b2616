import { css } from 'lit';

/** Styles of a message's attachments, product cards and link buttons (see `renderMessageParts()`). */
export const messagePartsStyles = css`
  .attachments,
  .link-buttons,
  .products {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    max-width: 100%;
    margin-top: 4px;
  }
  .own .attachments {
    justify-content: flex-end;
  }
  .thumbnail {
    line-height: 0;
  }
  .thumbnail img {
    max-width: 240px;
    max-height: 240px;
    height: auto;
    border-radius: 8px;
    background: var(--confab-team-bubble, #f0f2f5);
  }
  .file,
  .link-button,
  .product a {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    max-width: 100%;
    box-sizing: border-box;
    min-height: 44px;
    padding-inline: 12px;
    border: 1px solid var(--confab-team-bubble, #f0f2f5);
    border-radius: 22px;
    background: var(--confab-surface, #fff);
    color: var(--confab-accent, #2454d6);
    font-size: 14px;
    text-decoration: none;
  }
  .link-button {
    border-color: currentColor;
  }
  .file svg {
    flex: none;
    width: 20px;
  }
  .file span {
    white-space: nowrap;
  }
  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .file-size,
  .product-availability {
    color: var(--confab-muted, #59636e);
    font-size: 12px;
  }
  /* Several cards scroll sideways, each snapping to the start edge (which mirrors in RTL). */
  .products {
    flex-wrap: nowrap;
    overflow-x: auto;
    scroll-snap-type: x mandatory;
  }
  .product {
    flex: 0 0 160px;
    display: flex;
    flex-direction: column;
    gap: 2px;
    scroll-snap-align: start;
    overflow: hidden;
    border: 1px solid var(--confab-team-bubble, #f0f2f5);
    border-radius: 12px;
    background: var(--confab-surface, #fff);
    text-align: start;
  }
  .product-image {
    aspect-ratio: 1;
    background: var(--confab-team-bubble, #f0f2f5);
  }
  .product-image img {
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  .product p {
    margin: 0;
    padding-inline: 10px;
    font-size: 14px;
  }
  .product-name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .product a {
    margin-top: auto;
    border: 0;
  }
  a:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 2px;
  }
`;
