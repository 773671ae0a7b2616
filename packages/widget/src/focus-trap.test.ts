import { afterEach, describe, expect, it } from 'vitest';
import { tabbableElements, trapFocus } from './focus-trap.js';

afterEach(() => document.body.replaceChildren());

/** A host element with an open shadow root holding `html`. */
function host(html: string, tag = 'div'): { element: HTMLElement; root: ShadowRoot } {
  const element = document.createElement(tag);
  const root = element.attachShadow({ mode: 'open' });
  root.innerHTML = html;
  return { element, root };
}

/**
 * A panel like the widget's: a close button, then a nested element (the composer) whose shadow
 * root holds another element with the text box and send button, plus things Tab must skip.
 */
function buildPanel() {
  const panel = document.createElement('section');
  panel.tabIndex = -1;
  panel.innerHTML = `
    <button id="close">Close</button>
    <div tabindex="-1" id="log">messages</div>
    <button disabled>Disabled</button>
    <div hidden><button>Hidden</button></div>
  `;
  const outer = host(`<input id="email" /><button hidden>Hidden in shadow</button><span></span>`);
  const inner = host(`<textarea id="text"></textarea><button id="send">Send</button><input type="hidden" />`);
  outer.root.querySelector('span')!.append(inner.element);
  panel.append(outer.element);
  const outside = document.createElement('button');
  outside.textContent = 'Outside';
  document.body.append(outside, panel);
  const close = panel.querySelector<HTMLButtonElement>('#close')!;
  const email = outer.root.querySelector<HTMLInputElement>('#email')!;
  const text = inner.root.querySelector<HTMLTextAreaElement>('#text')!;
  const send = inner.root.querySelector<HTMLButtonElement>('#send')!;
  return { panel, outside, close, email, text, send, outer, inner };
}

/** Presses Tab (or Shift+Tab) on the focused element, as the browser would dispatch it. */
function pressTab(target: Element, shiftKey = false): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, composed: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe('tabbableElements', () => {
  it('lists Tab stops in tree order through nested shadow roots, skipping hidden, disabled and unfocusable ones', () => {
    const { panel, close, email, text, send } = buildPanel();
    expect(tabbableElements(panel)).toEqual([close, email, text, send]);
  });

  it('counts one stop per radio group: the checked radio, else the first', () => {
    const form = document.createElement('form');
    form.innerHTML = `<input type="radio" name="score" value="1" /><input type="radio" name="score" value="2" />
      <input type="radio" name="score" value="3" /><button>Send</button>`;
    document.body.append(form);
    const radios = [...form.querySelectorAll('input')];
    expect(tabbableElements(form)).toEqual([radios[0], form.querySelector('button')]);
    radios[2]!.checked = true;
    expect(tabbableElements(form)).toEqual([radios[2], form.querySelector('button')]);
  });

  it('follows slotted elements into the slot’s place', () => {
    const { element, root } = host(`<button id="before">Before</button><slot></slot>`);
    const slotted = document.createElement('button');
    element.append(slotted);
    document.body.append(element);
    expect(tabbableElements(root)).toEqual([root.querySelector('#before'), slotted]);
  });
});

describe('trapFocus', () => {
  it('moves Tab from the last element to the first, in another shadow root', () => {
    const { panel, close, send } = buildPanel();
    trapFocus(panel, () => true);
    send.focus();
    const event = pressTab(send);
    expect(event.defaultPrevented).toBe(true);
    expect(deepActive()).toBe(close);
  });

  it('moves Shift+Tab from the first element, or from the dialog itself, to the last', () => {
    const { panel, close, send } = buildPanel();
    trapFocus(panel, () => true);
    close.focus();
    expect(pressTab(close, true).defaultPrevented).toBe(true);
    expect(deepActive()).toBe(send);
    panel.focus();
    expect(pressTab(panel, true).defaultPrevented).toBe(true);
    expect(deepActive()).toBe(send);
  });

  it('leaves Tab between inner elements to the browser', () => {
    const { panel, email, text } = buildPanel();
    trapFocus(panel, () => true);
    email.focus();
    expect(pressTab(email).defaultPrevented).toBe(false);
    text.focus();
    expect(pressTab(text, true).defaultPrevented).toBe(false);
    expect(deepActive()).toBe(text);
  });

  it('does nothing while inactive (a large screen) and after it is removed', () => {
    const { panel, send } = buildPanel();
    let isSmallScreen = false;
    const release = trapFocus(panel, () => isSmallScreen);
    send.focus();
    expect(pressTab(send).defaultPrevented).toBe(false);
    isSmallScreen = true;
    release();
    expect(pressTab(send).defaultPrevented).toBe(false);
    expect(deepActive()).toBe(send);
  });

  it('works on a host element whose shadow root holds the dialog', () => {
    const { element, root } = host(`<button id="first">First</button><button id="last">Last</button>`);
    document.body.append(element);
    trapFocus(element, () => true);
    const last = root.querySelector<HTMLButtonElement>('#last')!;
    last.focus();
    expect(pressTab(last).defaultPrevented).toBe(true);
    expect(deepActive()).toBe(root.querySelector('#first'));
  });

  it('keeps focus where it is when nothing inside can take it', () => {
    const panel = document.createElement('section');
    panel.tabIndex = -1;
    document.body.append(panel);
    trapFocus(panel, () => true);
    panel.focus();
    expect(pressTab(panel).defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(panel);
  });

  it('ignores other keys and Tab with a modifier', () => {
    const { panel, send } = buildPanel();
    trapFocus(panel, () => true);
    send.focus();
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    send.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(false);
    const ctrlTab = new KeyboardEvent('keydown', { key: 'Tab', ctrlKey: true, bubbles: true, composed: true, cancelable: true });
    send.dispatchEvent(ctrlTab);
    expect(ctrlTab.defaultPrevented).toBe(false);
  });
});
