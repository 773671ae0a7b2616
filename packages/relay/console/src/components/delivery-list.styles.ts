import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link DeliveryList}. */
export const deliveryListStyles = [
  sharedStyles,
  css`
    dialog {
      width: min(44rem, calc(100vw - 2rem));
      max-height: calc(100vh - 2rem);
    }
    .head {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
      flex: 1;
    }
    .intro {
      color: var(--_muted);
      margin: 0.5rem 0 1rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      border: 1px solid var(--_divider);
      border-radius: 8px;
      max-height: 60vh;
      overflow-y: auto;
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.35rem 0.75rem;
      padding: 0.6rem 0.75rem;
      border-bottom: 1px solid var(--_divider);
    }
    li:last-child {
      border-bottom: none;
    }
    .what {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      min-width: 0;
    }
    q {
      color: var(--_muted);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    dl {
      grid-column: 1;
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.1rem 0.75rem;
      margin: 0;
      font-size: 0.875rem;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .actions {
      grid-row: 1 / 3;
      grid-column: 2;
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
      align-items: flex-end;
    }
    .done {
      color: var(--_ok);
      font-weight: 600;
    }
    .empty {
      color: var(--_muted);
      margin: 0;
      padding: 0.75rem;
      border: 1px dashed var(--_divider);
      border-radius: 8px;
    }
    .form-error,
    .error-text {
      color: var(--_danger);
    }
  `,
];
