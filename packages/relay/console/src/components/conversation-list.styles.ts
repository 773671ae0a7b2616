import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ConversationList}. */
export const conversationListStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      background: var(--_surface);
    }
    nav {
      display: flex;
      flex-direction: column;
      min-height: 0;
      flex: 1;
    }
    .top {
      padding: 0.75rem;
      border-bottom: 1px solid var(--_divider);
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .filters {
      display: flex;
      gap: 0.25rem;
    }
    .filters button {
      flex: 1;
      padding: 0.25rem 0.5rem;
      min-height: 2rem;
    }
    .filters button[aria-pressed='true'] {
      background: var(--_accent);
      border-color: var(--_accent);
      color: var(--_accent-text);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      overflow-y: auto;
      flex: 1;
    }
    li {
      border-bottom: 1px solid var(--_divider);
    }
    .item {
      display: grid;
      grid-template-columns: auto 1fr auto;
      column-gap: 0.5rem;
      row-gap: 0.15rem;
      align-items: center;
      width: 100%;
      text-align: start;
      border: none;
      border-radius: 0;
      padding: 0.65rem 0.75rem;
      background: var(--_surface);
      border-inline-start: 4px solid transparent;
    }
    .item[aria-current='true'] {
      background: #e8eefc;
      border-inline-start-color: var(--_accent);
    }
    .item:focus-visible {
      outline-offset: -3px;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      border: 2px solid var(--_border);
    }
    .dot.online {
      background: var(--_ok);
      border-color: var(--_ok);
    }
    .title {
      font-weight: 600;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .unread .title {
      font-weight: 800;
    }
    time {
      color: var(--_muted);
      font-size: 0.8125rem;
    }
    .product,
    .preview {
      grid-column: 2 / 4;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      font-size: 0.875rem;
    }
    .product {
      color: var(--_text);
    }
    .preview {
      grid-column: 2 / 3;
      color: var(--_muted);
    }
    .preview.typing {
      color: var(--_ok);
      font-style: italic;
    }
    .badge {
      grid-column: 3;
      justify-self: end;
      min-width: 1.4rem;
      padding: 0 0.4rem;
      border-radius: 999px;
      background: var(--_danger);
      color: #ffffff;
      font-size: 0.75rem;
      font-weight: 700;
      text-align: center;
      line-height: 1.4rem;
    }
    .responder {
      grid-column: 2 / 4;
      justify-self: start;
      font-size: 0.75rem;
      border-radius: 4px;
      padding: 0 0.3rem;
      border: 1px solid var(--_divider);
      color: var(--_muted);
    }
    .responder.needs-person {
      border-color: var(--_accent);
      background: var(--_accent);
      color: var(--_accent-text);
      font-weight: 600;
    }
    .closed-tag {
      grid-column: 3;
      justify-self: end;
      font-size: 0.75rem;
      color: var(--_muted);
      border: 1px solid var(--_divider);
      border-radius: 4px;
      padding: 0 0.3rem;
    }
    .empty,
    .status {
      padding: 1rem 0.75rem;
      color: var(--_muted);
      margin: 0;
    }
    .more {
      margin: 0.75rem;
    }
  `,
];
