import { css } from 'lit';
import { quickReplyMenuStyles } from './quick-reply-menu.styles.js';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ReplyBox}, including the `/` menu's (it renders into this tree). */
export const replyBoxStyles = [
  sharedStyles,
  quickReplyMenuStyles,
  css`
    :host {
      display: block;
      background: var(--_surface);
      border-top: 1px solid var(--_divider);
      padding: 0.6rem 1rem 0.75rem;
    }
    .note {
      margin: 0 0 0.5rem;
      font-size: 0.875rem;
      color: var(--_muted);
    }
    .row {
      position: relative;
      display: flex;
      /* Four controls beside the text: on a narrow pane they wrap below it rather than squeeze it. */
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: flex-end;
    }
    textarea {
      flex: 1;
      min-width: 12rem;
      resize: vertical;
      min-height: 2.75rem;
      max-height: 40vh;
      line-height: 1.4;
    }
    .hint {
      font-size: 0.8125rem;
    }
    .files {
      list-style: none;
      margin: 0.4rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
    }
    .files li {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      max-width: 18rem;
      padding: 0.15rem 0.25rem 0.15rem 0.5rem;
      border: 1px solid var(--_divider);
      border-radius: 999px;
      font-size: 0.8125rem;
    }
    /* Cards and link buttons sit above the text they go out with. */
    .files.cards {
      margin: 0 0 0.4rem;
    }
    .files.cards li {
      max-width: 24rem;
    }
    .file-name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .file-size {
      color: var(--_muted);
      white-space: nowrap;
    }
  `,
];
