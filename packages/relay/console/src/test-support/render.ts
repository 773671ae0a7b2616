import './quiet-lit.js';
import type { LitElement } from 'lit';
import { afterEach } from 'vitest';
import { defineElements } from '../define.js';

defineElements();

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

/** Creates a console element with properties set, attaches it to the page and waits for its first render. */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, properties);
  document.body.append(element);
  mounted.push(element);
  await (element as unknown as LitElement).updateComplete;
  return element;
}

/** Sets properties and waits for the element to render them. */
export async function update<E extends HTMLElement>(element: E, properties: Partial<E>): Promise<void> {
  Object.assign(element, properties);
  await (element as unknown as LitElement).updateComplete;
}

/** The element's shadow root (every console element but the `/` menu has one). */
export function shadow(element: Element): ShadowRoot {
  if (!element.shadowRoot) throw new Error(`${element.localName} has no shadow root`);
  return element.shadowRoot;
}

/** The first element matching `selector` in the element's shadow root; throws when there is none. */
export function $<E extends Element = HTMLElement>(element: Element, selector: string): E {
  const found = shadow(element).querySelector<E>(selector);
  if (!found) throw new Error(`${element.localName} renders no ${selector}`);
  return found;
}

/** Every element matching `selector` in the element's shadow root. */
export function $$<E extends Element = HTMLElement>(element: Element, selector: string): E[] {
  return [...shadow(element).querySelectorAll<E>(selector)];
}

/** The text of an element with whitespace collapsed. */
export function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Records every event of `type` that reaches `target`. */
export function record<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K): GlobalEventHandlersEventMap[K][] {
  const events: GlobalEventHandlersEventMap[K][] = [];
  target.addEventListener(type, (event) => events.push(event as GlobalEventHandlersEventMap[K]));
  return events;
}
