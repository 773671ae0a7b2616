import './test-support/dom.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatWidget } from './chat-widget.js';
import { ELEMENTS, defineElements } from './define.js';

afterEach(() => vi.restoreAllMocks());

/** A registry of our own, so each test starts with no tags defined. */
function freshRegistry(): CustomElementRegistry {
  const tags = new Map<string, CustomElementConstructor>();
  return {
    define: (tag: string, constructor: CustomElementConstructor) => {
      if (tags.has(tag)) throw new DOMException(`"${tag}" has already been used with this registry`, 'NotSupportedError');
      tags.set(tag, constructor);
    },
    get: (tag: string) => tags.get(tag),
  } as unknown as CustomElementRegistry;
}

describe('defineElements', () => {
  it('registers <confab-chat> and its parts', () => {
    const registry = freshRegistry();
    defineElements(registry);
    expect(registry.get('confab-chat')).toBe(ChatWidget);
    for (const [tag, element] of ELEMENTS) expect(registry.get(tag)).toBe(element);
  });

  it('is harmless when called twice, silently', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const registry = freshRegistry();
    defineElements(registry);
    expect(() => defineElements(registry)).not.toThrow();
    defineElements();
    defineElements();
    expect(customElements.get('confab-chat')).toBe(ChatWidget);
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves a tag taken by another version alone and warns once, never throwing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const registry = freshRegistry();
    class OlderWidget extends HTMLElement {
      static version = '0.0.9';
    }
    registry.define('confab-chat', OlderWidget);
    expect(() => defineElements(registry)).not.toThrow();
    expect(() => defineElements(registry)).not.toThrow();
    expect(registry.get('confab-chat')).toBe(OlderWidget);
    expect(registry.get('confab-composer')).toBeDefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/<confab-chat> is already defined by @confab\/widget 0\.0\.9; this copy \(0\.1\.0\)/);
  });
});
