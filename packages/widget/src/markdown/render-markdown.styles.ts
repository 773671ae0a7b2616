import { css } from 'lit';

/**
 * Styles of the elements `renderMarkdown()` makes (lists, links, code), for the `.text` box
 * of a message. They come with the renderer's chunk and are added to the message list's shadow
 * root when it first uses the renderer (see `addStyles()`).
 */
export const markdownStyles = css`
  .text > * + * {
    margin-block-start: 6px;
  }
  .text ul,
  .text ol {
    padding-inline-start: 20px;
  }
  .text a {
    color: inherit;
    text-decoration: underline;
  }
  .text code {
    padding-inline: 3px;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.07);
    font-family: ui-monospace, Menlo, Consolas, monospace;
    font-size: 0.9em;
  }
  .text pre {
    overflow-x: auto;
    padding: 6px 8px;
    border-radius: 6px;
    background: rgb(0 0 0 / 0.07);
    white-space: pre;
  }
  .text pre code {
    padding: 0;
    background: none;
  }
`;
