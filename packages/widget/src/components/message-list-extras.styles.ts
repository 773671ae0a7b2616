import { css } from 'lit';

/**
 * Styles of what `<confab-message-list>` shows only in some chats: a reply being written, quick
 * replies and the "New messages" button. They come with their chunk (message-list-extras.ts)
 * and are added to the list's shadow root when it first renders one of them.
 */
export const messageListExtrasStyles = css`
  .draft {
    margin-top: 6px;
  }
  /* A caret after the growing text says it is still being written. */
  .draft .text > :last-child::after {
    content: '▍';
    margin-inline-start: 1px;
    opacity: 0.5;
  }
  @media (prefers-reduced-motion: no-preference) {
    .draft .text > :last-child::after {
      animation: confab-caret 1s steps(2, start) infinite;
    }
  }
  @keyframes confab-caret {
    to {
      visibility: hidden;
    }
  }
  .quick-replies {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 6px;
    margin-top: 8px;
  }
  .quick-replies button {
    min-height: 44px;
    padding: 6px 14px;
    border: 1px solid var(--confab-accent, #2454d6);
    border-radius: 22px;
    background: var(--confab-surface, #fff);
    color: var(--confab-accent, #2454d6);
    font: inherit;
    font-size: 14px;
    text-align: start;
    overflow-wrap: anywhere;
    cursor: pointer;
    touch-action: manipulation;
  }
  .quick-replies button:hover {
    background: var(--confab-team-bubble, #f0f2f5);
  }
  .quick-replies button:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: 2px;
  }
  .jump {
    position: absolute;
    /* Centred without a transform, so nothing needs mirroring in RTL. */
    inset-inline: 0;
    bottom: 8px;
    width: fit-content;
    margin-inline: auto;
    min-height: 44px;
    padding: 0 16px;
    border: 0;
    border-radius: 22px;
    background: var(--confab-accent, #2454d6);
    color: var(--_confab-on-accent, #fff);
    font: inherit;
    font-size: 14px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
    cursor: pointer;
  }
  .jump:focus-visible {
    outline: 2px solid var(--_confab-on-accent, #fff);
    outline-offset: -4px;
  }
`;
