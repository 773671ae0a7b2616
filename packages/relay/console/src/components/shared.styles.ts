import { css } from 'lit';

/**
 * Styles every console element shares: the colour tokens' fallbacks, buttons, the focus ring and
 * the visually-hidden helper. Colours meet WCAG AA contrast on their backgrounds (4.5:1 for text,
 * 3:1 for borders and focus rings).
 */
export const sharedStyles = css`
  :host {
    --_accent: var(--confab-accent, #1d4ed8);
    --_accent-text: var(--confab-accent-text, #ffffff);
    --_text: var(--confab-text, #1f2937);
    --_muted: var(--confab-muted, #4b5563);
    --_surface: var(--confab-surface, #ffffff);
    --_canvas: var(--confab-canvas, #f3f4f6);
    --_border: var(--confab-border, #6b7280);
    --_divider: var(--confab-divider, #d1d5db);
    --_danger: var(--confab-danger, #b91c1c);
    --_ok: var(--confab-ok, #166534);
    --_focus: var(--confab-focus, #1d4ed8);
    box-sizing: border-box;
    color: var(--_text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 6px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    padding: 0.4rem 0.8rem;
    min-height: 2.25rem;
  }
  button:hover {
    background: var(--_canvas);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  button.primary:hover {
    filter: brightness(0.92);
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: #ffffff;
  }
  button.link {
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0.2rem 0.3rem;
    min-height: auto;
  }
  input,
  textarea {
    font: inherit;
    /* 16px keeps iOS Safari from zooming into the field. */
    font-size: max(1rem, 16px);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 0.5rem 0.6rem;
  }
  ::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  .error-text {
    color: var(--_danger);
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
  }
  .hint {
    color: var(--_muted);
    margin: 0.25rem 0 0;
    font-size: 0.875rem;
  }
  dialog {
    border: 1px solid var(--_border);
    border-radius: 10px;
    padding: 1.25rem;
    color: var(--_text);
    background: var(--_surface);
    max-width: min(36rem, calc(100vw - 2rem));
  }
  dialog::backdrop {
    background: rgb(17 24 39 / 0.5);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
