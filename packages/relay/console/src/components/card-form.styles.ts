import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ProductForm} and {@link LinkButtonForm}: a compact form above the reply box. */
export const cardFormStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    form {
      border: 1px solid var(--_divider);
      border-radius: 8px;
      padding: 0.6rem 0.75rem 0.75rem;
      margin-bottom: 0.5rem;
      background: var(--_surface);
    }
    h3 {
      margin: 0 0 0.5rem;
      font-size: 0.9375rem;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
      gap: 0 0.75rem;
    }
    .field {
      display: flex;
      flex-direction: column;
      margin-bottom: 0.5rem;
    }
    .field label {
      font-weight: 600;
      font-size: 0.875rem;
      margin-bottom: 0.2rem;
    }
    .field .optional {
      font-weight: 400;
      color: var(--_muted);
    }
    .prefill {
      margin: 0 0 0.5rem;
    }
    .form-actions {
      display: flex;
      gap: 0.5rem;
      align-items: center;
    }
  `,
];
