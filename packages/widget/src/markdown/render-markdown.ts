import { html, type TemplateResult } from 'lit';
import { parseMarkdown, type InlineNode } from './markdown.js';

// In this chunk with the renderer: only chats with formatted messages need them.
export { markdownStyles } from './render-markdown.styles.js';

function renderInline(nodes: readonly InlineNode[]): unknown[] {
  return nodes.map((node) =>
    typeof node === 'string'
      ? node
      : node.type === 'code'
        ? html`<code>${node.text}</code>`
        : node.type === 'link'
          ? html`<a href=${node.href} target="_blank" rel="noopener noreferrer">${renderInline(node.children)}</a>`
          : node.type === 'strong'
            ? html`<strong>${renderInline(node.children)}</strong>`
            : html`<em>${renderInline(node.children)}</em>`,
  );
}

/**
 * Renders a message's Markdown subset (see {@link parseMarkdown}) as Lit templates: text only
 * ever goes into text bindings and checked URLs into `href`, so no HTML string is parsed and the
 * output is safe under Trusted Types. Templates hold no whitespace between tags, so the result can
 * sit in a `white-space: pre-wrap` box that keeps the message's own line breaks.
 */
export function renderMarkdown(text: string): TemplateResult[] {
  return parseMarkdown(text).map((block) =>
    block.type === 'paragraph'
      ? html`<p>${renderInline(block.children)}</p>`
      : block.type === 'code-block'
        ? html`<pre><code>${block.text}</code></pre>`
        : block.ordered
          ? html`<ol start=${block.start}>${block.items.map((item) => html`<li>${renderInline(item)}</li>`)}</ol>`
          : html`<ul>${block.items.map((item) => html`<li>${renderInline(item)}</li>`)}</ul>`,
  );
}
