import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ConversationHeader}. */
export const conversationHeaderStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      border-bottom: 1px solid var(--_divider);
      background: var(--_surface);
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 0.75rem;
      padding: 0.6rem 1rem;
    }
    h2 {
      font-size: 1.125rem;
      margin: 0;
    }
    .meta {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      color: var(--_muted);
      font-size: 0.875rem;
      flex: 1;
    }
    .status {
      border: 1px solid var(--_divider);
      border-radius: 4px;
      padding: 0 0.35rem;
    }
    .status.open {
      color: var(--_ok);
      border-color: var(--_ok);
    }
    .presence::before {
      content: '';
      display: inline-block;
      width: 0.55rem;
      height: 0.55rem;
      border-radius: 50%;
      border: 2px solid var(--_border);
      margin-inline-end: 0.3rem;
      vertical-align: middle;
    }
    .presence.online::before {
      background: var(--_ok);
      border-color: var(--_ok);
    }
    .meta {
      flex-wrap: wrap;
    }
    .responder.needs-person {
      background: var(--_accent);
      color: var(--_accent-text);
      border-radius: 4px;
      padding: 0 0.35rem;
      font-weight: 600;
    }
    dialog h3 {
      margin: 0 0 0.5rem;
      font-size: 1.125rem;
    }
    dialog p {
      margin: 0 0 1rem;
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      gap: 0.5rem;
    }
  `,
];
