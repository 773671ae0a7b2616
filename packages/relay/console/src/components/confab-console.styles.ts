import { css } from 'lit';
import { sharedStyles } from './shared.styles.js';

/** Styles of {@link ConfabConsole}: the three-column layout. */
export const confabConsoleStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      height: 100%;
    }
    .app {
      display: flex;
      flex-direction: column;
      height: 100%;
      min-height: 0;
    }
    header {
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.5rem 1rem;
      padding: 0.5rem 1rem;
      background: var(--_surface);
      border-bottom: 1px solid var(--_divider);
    }
    h1 {
      font-size: 1.125rem;
      margin: 0;
    }
    .spacer {
      flex: 1;
    }
    .who {
      color: var(--_muted);
      font-size: 0.875rem;
    }
    .notice {
      display: flex;
      gap: 0.75rem;
      align-items: center;
      justify-content: space-between;
      margin: 0;
      padding: 0.5rem 1rem;
      background: #fef2f2;
      color: var(--_danger);
      border-bottom: 1px solid var(--_danger);
    }
    .layout {
      flex: 1;
      min-height: 0;
      display: grid;
      grid-template-columns: minmax(16rem, 22rem) minmax(0, 1fr) minmax(15rem, 20rem);
      grid-template-areas: 'list main panel';
    }
    confab-conversation-list {
      grid-area: list;
      border-inline-end: 1px solid var(--_divider);
    }
    main {
      grid-area: main;
      display: flex;
      flex-direction: column;
      min-height: 0;
      min-width: 0;
    }
    confab-transcript {
      flex: 1;
    }
    confab-visitor-panel {
      grid-area: panel;
      border-inline-start: 1px solid var(--_divider);
    }
    .placeholder {
      margin: auto;
      color: var(--_muted);
      padding: 2rem;
      text-align: center;
    }
    @media (max-width: 1100px) {
      .layout {
        grid-template-columns: minmax(14rem, 18rem) minmax(0, 1fr);
        grid-template-rows: minmax(0, 1fr) auto;
        grid-template-areas:
          'list main'
          'list panel';
      }
      confab-visitor-panel {
        border-inline-start: none;
        border-top: 1px solid var(--_divider);
        max-height: 35vh;
      }
    }
    @media (max-width: 700px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto minmax(0, 1fr) auto;
        grid-template-areas:
          'list'
          'main'
          'panel';
      }
      confab-conversation-list {
        max-height: 30vh;
        border-inline-end: none;
        border-bottom: 1px solid var(--_divider);
      }
    }
  `,
];
