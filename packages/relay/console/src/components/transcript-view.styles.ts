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
