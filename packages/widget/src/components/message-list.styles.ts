import { css } from 'lit';

/** Styles of `<confab-message-list>`. */
export const messageListStyles = css`
  /* Columns; the row around each message (see #renderLog()) lays it out as the log itself would. */
  :host,
  [role='log'],
  [role='log'] > div,
  .message {
    display: flex;
    flex-direction: column;
  }
  :host {
    position: relative;
    min-height: 0;
  }
  .scroller {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    overscroll-behavior: contain;
    padding: 16px 12px 8px;
  }
  .scroller:focus-visible {
    outline: 2px solid var(--confab-accent, #2454d6);
    outline-offset: -2px;
  }
  .greeting,
  .text {
    margin: 0;
    padding: 8px 12px;
    border-radius: calc(var(--confab-radius, 16px) * 0.75);
    background: var(--confab-team-bubble, #f0f2f5);
    color: var(--confab-team-bubble-text, inherit);
  }
  .greeting {
    margin-bottom: 12px;
    padding-block: 10px;
    max-width: 85%;
  }
  [role='log'] {
    gap: 6px;
  }
  .message {
    align-items: flex-start;
    max-width: 85%;
  }
  .message.own {
    align-self: flex-end;
    align-items: flex-end;
  }
  .message.system {
    align-self: center;
    align-items: center;
    max-width: 100%;
  }
  .author,
  .meta {
    color: var(--confab-muted, #59636e);
    font-size: 12px;
  }
  .message.system,
  .typing {
    color: var(--confab-muted, #59636e);
    font-size: 13px;
  }
  .author {
    margin: 6px 4px 2px;
  }
  .text {
    /* The message's own line breaks are kept (the Markdown templates add no whitespace) and long words or links wrap. */
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    text-align: start;
    /* A long code line scrolls inside its block instead of widening the bubble. */
    max-width: 100%;
    box-sizing: border-box;
  }
  .text > * {
    margin: 0;
  }
  .own .text {
    background: var(--confab-accent, #2454d6);
    color: var(--_confab-on-accent, #fff);
  }
  .system .text {
    background: none;
    padding: 4px 8px;
    text-align: center;
  }
  .failed .text {
    opacity: 0.7;
  }
  .meta {
    margin: 2px 4px 0;
  }
  .failed .status {
    color: var(--confab-error, #b42318);
  }
  .typing {
    margin: 8px 4px 0;
    font-style: italic;
  }
  .typing:empty {
    display: none;
  }
`;
