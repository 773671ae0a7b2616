import '../test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineElements } from '../define.js';
import type { ComposerSubmitEvent, ComposerTypingEvent } from '../events.js';
import { loadStrings } from '../strings.js';
import { settle } from '../test-support/dom.js';
import type { ConfabComposer } from './composer.js';
import { composerStyles } from './composer.styles.js';

beforeAll(() => defineElements());
afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

async function mountComposer() {
  const composer: ConfabComposer = document.createElement('confab-composer');
  document.body.append(composer);
  await settle(composer);
  const textarea = composer.shadowRoot!.querySelector('textarea')!;
  const button = composer.shadowRoot!.querySelector('button')!;
  const submitted: string[] = [];
  const typing: boolean[] = [];
  composer.addEventListener('confab-composer-submit', (event: ComposerSubmitEvent) => submitted.push(event.detail.text));
  composer.addEventListener('confab-composer-typing', (event: ComposerTypingEvent) => typing.push(event.detail.isTyping));
  const type = (text: string) => {
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  const press = (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });
    textarea.dispatchEvent(event);
    return event;
  };
  return { composer, textarea, button, submitted, typing, type, press };
}

describe('<confab-composer>', () => {
  it('has a labelled text box and a labelled send button', async () => {
    const { textarea, button } = await mountComposer();
    expect(textarea.getAttribute('aria-label')).toBe('Message');
    expect(textarea.getAttribute('enterkeyhint')).toBe('send');
    expect(button.getAttribute('aria-label')).toBe('Send');
    expect(textarea.getAttribute('part')).toBe('input');
    expect(button.getAttribute('part')).toBe('send');
  });

  it('sends on Enter and clears the text box', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('Is it in stock?');
    const event = press({});
    expect(submitted).toEqual(['Is it in stock?']);
    expect(event.defaultPrevented).toBe(true);
    expect(textarea.value).toBe('');
  });

  it('adds a line on Shift+Enter instead of sending', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('first line');
    const event = press({ shiftKey: true });
    expect(submitted).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
    expect(textarea.value).toBe('first line');
  });

  it('never sends on the Enter that confirms an input method composition', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('ni hao');
    textarea.dispatchEvent(new CompositionEvent('compositionstart'));
    expect(press({ isComposing: true }).defaultPrevented).toBe(false);
    // Safari: the confirming keydown comes after compositionend, with keyCode 229.
    textarea.dispatchEvent(new CompositionEvent('compositionend', { data: '你好' }));
    expect(press({ keyCode: 229 }).defaultPrevented).toBe(false);
    expect(submitted).toEqual([]);
    type('你好');
    press({});
    expect(submitted).toEqual(['你好']);
  });

  it('sends with the send button, which keeps focus in the text box', async () => {
    const { textarea, button, submitted, type } = await mountComposer();
    textarea.focus();
    type('Hello');
    const mousedown = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    button.dispatchEvent(mousedown);
    expect(mousedown.defaultPrevented).toBe(true);
    button.click();
    expect(submitted).toEqual(['Hello']);
    expect(textarea.value).toBe('');
    expect(button.getAttribute('aria-disabled')).toBe('true');
  });

  it('ignores blank text and marks the send button disabled until there is text', async () => {
    const { composer, button, submitted, type, press } = await mountComposer();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    type('   \n ');
    press({});
    button.click();
    expect(submitted).toEqual([]);
    type('x');
    await settle(composer);
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });

  it('keeps the text when the submit event is cancelled, and shows an error until the next edit', async () => {
    const { composer, textarea, type, press } = await mountComposer();
    composer.addEventListener('confab-composer-submit', (event) => {
      event.preventDefault();
      composer.error = 'Too long';
    });
    type('a very long text');
    press({});
    await settle(composer);
    expect(textarea.value).toBe('a very long text');
    const error = composer.shadowRoot!.querySelector('#error')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Too long');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    type('shorter');
    await settle(composer);
    expect(error.textContent).toBe('');
    expect(textarea.getAttribute('aria-invalid')).toBe('false');
  });

  it('reports typing on input and stopping after a pause, on send and on blur', async () => {
    vi.useFakeTimers();
    const { textarea, typing, type, press } = await mountComposer();
    type('H');
    type('He');
    expect(typing).toEqual([true]);
    vi.advanceTimersByTime(4000);
    expect(typing).toEqual([true, false]);
    type('Hel');
    press({});
    expect(typing).toEqual([true, false, true, false]);
    type('again');
    textarea.dispatchEvent(new FocusEvent('blur'));
    expect(typing).toEqual([true, false, true, false, true, false]);
  });

  it('uses the language pack it is given', async () => {
    const { composer, textarea, button } = await mountComposer();
    composer.strings = await loadStrings('zh-CN');
    await settle(composer);
    expect(textarea.getAttribute('aria-label')).toBe('消息');
    expect(textarea.getAttribute('placeholder')).toBe('输入消息…');
    expect(button.getAttribute('aria-label')).toBe('发送');
  });

  it('sets the text box to at least 16px so iOS does not zoom in on focus', () => {
    expect(composerStyles.cssText).toMatch(/textarea\s*\{[^}]*font-size:\s*max\(16px/);
  });
});
