import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link SignInForm}. */
export const signInFormStyles = [
  sharedStyles,
  css`
    :host {
      display: grid;
      place-items: center;
      min-height: 100vh;
      padding: 1rem;
      background: var(--_canvas);
    }
    main {
      width: min(28rem, 100%);
      background: var(--_surface);
      border: 1px solid var(--_divider);
      border-radius: 12px;
      padding: 1.5rem;
    }
    h1 {
      font-size: 1.375rem;
      margin: 0 0 0.5rem;
    }
    p.intro {
      color: var(--_muted);
      margin: 0 0 1rem;
    }
    .message {
      border: 1px solid var(--_danger);
      color: var(--_danger);
      border-radius: 6px;
      padding: 0.6rem 0.75rem;
      margin: 0 0 1rem;
    }
    .field {
      display: flex;
      flex-direction: column;
      margin-bottom: 1rem;
    }
    label {
      font-weight: 600;
      margin-bottom: 0.3rem;
    }
    button[type='submit'] {
      width: 100%;
    }
  `,
];
