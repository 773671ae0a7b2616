import type { CSSResult, TemplateResult } from 'lit';
import { retriedLoad } from '../retried-load.js';

/** Renders a message's Markdown subset as Lit templates: {@link renderMarkdown}, once loaded. */
export type MarkdownRenderer = (text: string) => TemplateResult[];

// Anything the parser (markdown.ts) could turn into an element: `*` and `_` (emphasis, bullets),
// backticks (code, fences), `[` (links, mailto: ones included), bare http(s) URLs and the start
// of a `-` or numbered list item. A superset on purpose: a false alarm only loads the renderer.
const MARKUP = /[*_`[]|https?:\/\/|^ *(?:-|\d+[.)]) /m;

let renderer: MarkdownRenderer | undefined;
let styles: CSSResult | undefined;

/**
 * Whether `text` may contain Markdown that {@link renderMarkdown} would format. When false, the
 * renderer would only split it into paragraphs at blank lines, which a `white-space: pre-wrap`
 * text node shows as well, so the text can render without it.
 */
export function hasMarkup(text: string): boolean {
  return MARKUP.test(text);
}

/** The Markdown renderer if it has loaded, else undefined (see {@link loadMarkdown}). */
export function markdownRenderer(): MarkdownRenderer | undefined {
  return renderer;
}

/** The styles of what the renderer makes, once it has loaded; a shadow root using it adds them. */
export function markdownStyles(): CSSResult | undefined {
  return styles;
}

/**
 * Loads the Markdown renderer, a chunk of its own that only chats with formatted messages fetch.
 * Resolves to the renderer, or to undefined if the chunk failed to load; a failed load is
 * forgotten, so the next call tries again.
 */
export const loadMarkdown: () => Promise<MarkdownRenderer | undefined> = retriedLoad(() =>
  import('./render-markdown.js').then((module) => {
    styles = module.markdownStyles;
    return (renderer = module.renderMarkdown);
  }),
);
