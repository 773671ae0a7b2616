import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link QuickReplyManager}. */
export const quickReplyManagerStyles = [
  sharedStyles,
  css`
    dialog {
      width: min(40rem, calc(100vw - 2rem));
      max-height: calc(100vh - 2rem);
    }
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    h3 {
      margin: 1.25rem 0 0.5rem;
      font-size: 1rem;
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
      max-height: 16rem;
      overflow-y: auto;
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.25rem 0.75rem;
      padding: 0.6rem 0.75rem;
      border-bottom: 1px solid var(--_divider);
    }
    li:last-child {
      border-bottom: none;
    }
    li.editing {
      background: #e8eefc;
    }
    .shortcut {
      font-weight: 700;
    }
    .text {
      grid-column: 1;
      margin: 0;
      color: var(--_muted);
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }
    .actions {
      grid-row: 1 / 3;
      grid-column: 2;
      display: flex;
      gap: 0.35rem;
      align-items: flex-start;
      flex-wrap: wrap;
      justify-content: flex-end;
    }
    .confirm {
      grid-column: 1 / 3;
      display: flex;
      align-items: center;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .empty {
      color: var(--_muted);
      margin: 0;
      padding: 0.75rem;
      border: 1px dashed var(--_divider);
      border-radius: 8px;
    }
    .field {
      display: flex;
      flex-direction: column;
      margin-bottom: 0.75rem;
    }
    .field label {
      font-weight: 600;
      margin-bottom: 0.25rem;
    }
    .prefixed {
      display: flex;
      align-items: center;
      gap: 0.25rem;
    }
    .prefixed input {
      flex: 1;
    }
    textarea {
      min-height: 6rem;
      resize: vertical;
    }
    .form-actions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
    .form-error {
      color: var(--_danger);
      margin: 0 0 0.75rem;
    }
  `,
];
