import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link VisitorPanel}. */
export const visitorPanelStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow-y: auto;
      background: var(--_surface);
      padding: 0.75rem 1rem;
      font-size: 0.9375rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    h3 {
      font-size: 0.875rem;
      text-transform: uppercase;
      letter-spacing: 0.03em;
      color: var(--_muted);
      margin: 1rem 0 0.35rem;
    }
    dl {
      margin: 0;
      display: grid;
      grid-template-columns: minmax(5.5rem, auto) 1fr;
      gap: 0.3rem 0.75rem;
    }
    dt {
      color: var(--_muted);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    a {
      color: var(--_accent);
    }
    img {
      display: block;
      max-width: 100%;
      max-height: 10rem;
      object-fit: contain;
      border: 1px solid var(--_divider);
      border-radius: 6px;
      margin-bottom: 0.5rem;
      background: var(--_canvas);
    }
    .empty {
      color: var(--_muted);
    }
    .badge {
      display: inline-block;
      margin-inline-start: 0.4rem;
      padding: 0 0.4rem;
      border: 1px solid currentColor;
      border-radius: 999px;
      font-size: 0.75rem;
      letter-spacing: normal;
      text-transform: none;
      vertical-align: middle;
    }
    .badge.verified {
      color: var(--_ok);
    }
    .badge.unverified {
      color: var(--_danger);
    }
    code {
      font-size: 0.875rem;
    }
  `,
];
