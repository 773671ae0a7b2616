import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link TranscriptView}. */
export const transcriptViewStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      background: var(--_canvas);
    }
    .scroller {
      flex: 1;
      min-height: 0;
      overflow-y: auto;
      padding: 0.75rem 1rem;
    }
    .scroller:focus-visible {
      outline-offset: -3px;
    }
    .earlier {
      display: flex;
      justify-content: center;
      margin-bottom: 0.75rem;
    }
    .note {
      text-align: center;
      color: var(--_muted);
      font-size: 0.875rem;
      margin: 0 0 0.75rem;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
    }
    li {
      display: flex;
      flex-direction: column;
      max-width: min(42rem, 85%);
      align-self: flex-start;
    }
    li.mine {
      align-self: flex-end;
      align-items: flex-end;
    }
    li.system {
      align-self: center;
      align-items: center;
    }
    .meta {
      font-size: 0.8125rem;
      color: var(--_muted);
      display: flex;
      gap: 0.5rem;
      margin-bottom: 0.15rem;
    }
    .author {
      font-weight: 600;
      color: var(--_text);
    }
    .bubble {
      /* Message text is plain text: keep its line breaks and wrap long words and URLs. */
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      margin: 0;
      padding: 0.5rem 0.75rem;
      border-radius: 10px;
      background: var(--_surface);
      border: 1px solid var(--_divider);
    }
    li.mine .bubble {
      background: #dbe6fd;
      border-color: #b6c9f5;
    }
    li.system .bubble {
      background: transparent;
      border-style: dashed;
      color: var(--_muted);
    }
    li.pending .bubble {
      opacity: 0.75;
    }
    li.failed .bubble {
      border-color: var(--_danger);
    }
    .state {
      font-size: 0.8125rem;
      color: var(--_muted);
      margin: 0.15rem 0 0;
      display: flex;
      align-items: center;
      gap: 0.25rem;
    }
    li.failed .state {
      color: var(--_danger);
    }
    .files,
    .products,
    .link-buttons {
      list-style: none;
      margin: 0.3rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      gap: 0.35rem;
    }
    li.mine .files,
    li.mine .products,
    li.mine .link-buttons {
      justify-content: flex-end;
    }
    /* The parts' own list items are not messages: undo the message layout above. */
    .files li,
    .products li,
    .link-buttons li {
      display: block;
      max-width: 100%;
      align-self: auto;
    }
    .image img {
      display: block;
      max-width: 100%;
      height: auto;
      border-radius: 8px;
      border: 1px solid var(--_divider);
      background: var(--_surface);
    }
    .files .file-chip,
    .file-chip a {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      max-width: 18rem;
    }
    .file-chip {
      padding: 0.25rem 0.6rem;
      border: 1px solid var(--_divider);
      border-radius: 999px;
      background: var(--_surface);
      font-size: 0.8125rem;
    }
    .file-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .file-size {
      color: var(--_muted);
      white-space: nowrap;
    }
    .products {
      flex-direction: column;
    }
    .products .product {
      display: flex;
      flex-direction: row;
      align-items: center;
      gap: 0.5rem;
      padding: 0.3rem 0.5rem;
      border: 1px solid var(--_divider);
      border-radius: 8px;
      background: var(--_surface);
      font-size: 0.875rem;
    }
    .product img {
      object-fit: cover;
      border-radius: 4px;
      flex: none;
    }
    .product-name {
      overflow-wrap: anywhere;
    }
    .product-price {
      margin-inline-start: auto;
      font-weight: 600;
      white-space: nowrap;
    }
    .link-button {
      display: inline-block;
      padding: 0.2rem 0.6rem;
      border: 1px solid var(--_divider);
      border-radius: 6px;
      background: var(--_surface);
      font-size: 0.8125rem;
    }
    .typing {
      min-height: 1.5rem;
      margin: 0;
      padding: 0 1rem 0.25rem;
      font-size: 0.875rem;
      color: var(--_muted);
      font-style: italic;
    }
    .center {
      display: grid;
      place-items: center;
      gap: 0.5rem;
      color: var(--_muted);
      padding: 2rem 1rem;
    }
  `,
];
