import '../test-support/dom.js';
import { render } from 'lit';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown.js';

function renderToDom(text: string): HTMLElement {
  const box = document.createElement('div');
  render(renderMarkdown(text), box);
  return box;
}

/** The element tree without Lit's comment markers, as tag names and text. */
function shape(node: Node): unknown {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  const children = [...node.childNodes].filter((child) => child.nodeType !== Node.COMMENT_NODE).map(shape);
  return { [(node as Element).tagName.toLowerCase()]: children };
}

describe('renderMarkdown', () => {
  it('renders paragraphs, strong, emphasis, code, lists and code blocks as elements', () => {
    const box = renderToDom('Hi **you**, *look* at `x`\nnext line\n\n- one\n- _two_\n\n2. second\n```\n<b>raw</b>\n```');
    expect(shape(box)).toEqual({
      div: [
        { p: ['Hi ', { strong: ['you'] }, ', ', { em: ['look'] }, ' at ', { code: ['x'] }, '\nnext line'] },
        { ul: [{ li: ['one'] }, { li: [{ em: ['two'] }] }] },
        { ol: [{ li: ['second'] }] },
        { pre: [{ code: ['<b>raw</b>'] }] },
      ],
    });
    expect(box.querySelector('ol')!.getAttribute('start')).toBe('2');
  });

  it('opens links in a new tab without giving the shop page away', () => {
    const box = renderToDom('[Track](https://shop.example/track) https://shop.example/p/1');
    const links = [...box.querySelectorAll('a')];
    expect(links.map((link) => [link.getAttribute('href'), link.textContent])).toEqual([
      ['https://shop.example/track', 'Track'],
      ['https://shop.example/p/1', 'https://shop.example/p/1'],
    ]);
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank');
      expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('never turns markup or unsafe links into elements', () => {
    const text = '<img src=x onerror=alert(1)> <script>alert(1)</script> [x](javascript:alert(1)) [y](data:text/html,hi)';
    const box = renderToDom(text);
    expect(box.querySelector('img, script, a, iframe')).toBeNull();
    expect(box.textContent).toBe(text);
  });
});
