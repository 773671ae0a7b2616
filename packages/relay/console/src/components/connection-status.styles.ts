import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ConnectionStatus}. */
export const connectionStatusStyles = [
  sharedStyles,
  css`
    :host {
      display: inline-block;
    }
    p {
      margin: 0;
      display: flex;
      align-items: center;
      gap: 0.35rem;
      font-size: 0.875rem;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      border: 2px solid var(--_border);
    }
    [data-state='open'] .dot {
      background: var(--_ok);
      border-color: var(--_ok);
    }
    [data-state='connecting'] .dot,
    [data-state='reconnecting'] .dot {
      border-color: #b45309;
      background: #fbbf24;
    }
    [data-state='closed'] .dot {
      background: var(--_danger);
      border-color: var(--_danger);
    }
  `,
];
