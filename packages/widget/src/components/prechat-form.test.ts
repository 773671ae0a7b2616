import '../test-support/dom.js';
import type { PreChatForm } from '@confab/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PreChatSubmitEvent } from '../events.js';
import { withExtras } from '../extra-strings.js';
import { en, type Strings } from '../strings.js';
import { deepActiveElement, settle, textOf } from '../test-support/dom.js';
import { ConfabPreChatForm } from './prechat-form.js';

beforeAll(() => {
  if (!customElements.get('confab-prechat-form')) customElements.define('confab-prechat-form', ConfabPreChatForm);
});
afterEach(() => document.body.replaceChildren());

const FORM: PreChatForm = {
  when: 'always',
  fields: [
    { key: 'name', isRequired: true },
    { key: 'email', isRequired: true },
    { key: 'phone', type: 'tel', label: 'Phone number' },
    { key: 'order', label: 'Order number' },
  ],
};

async function mountForm(form: PreChatForm = FORM) {
  const element = document.createElement('confab-prechat-form');
  element.form = form;
  document.body.append(element);
  await settle(element);
  const root = element.shadowRoot!;
  const input = (key: string) => root.querySelector<HTMLInputElement>(`input[name="${key}"]`)!;
  const labelFor = (key: string) => textOf(root.querySelector(`label[for="${input(key).id}"]`));
  const errorOf = (key: string) => textOf(root.getElementById(input(key).getAttribute('aria-describedby')!));
  const button = root.querySelector('button')!;
  const submitted: Array<Record<string, string>> = [];
  element.addEventListener('confab-prechat-submit', (event: PreChatSubmitEvent) => submitted.push(event.detail.fields));
  const fill = (key: string, value: string) => {
    input(key).value = value;
    input(key).dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  const submit = async () => {
    button.click();
    await settle(element);
  };
  return { element, root, input, labelFor, errorOf, button, submitted, fill, submit };
}

describe('<confab-prechat-form>', () => {
  it('renders nothing without a form', async () => {
    const element = document.createElement('confab-prechat-form');
    document.body.append(element);
    await settle(element);
    expect(element.shadowRoot!.querySelector('form')).toBeNull();
  });

  it('labels every field with a real label, the widget’s words for name and email, and marks optional ones', async () => {
    const { root, input, labelFor } = await mountForm();
    expect(root.querySelector('form')!.getAttribute('aria-labelledby')).toBe('prechat-title');
    expect(textOf(root.getElementById('prechat-title'))).toBe('Before we start, tell us who you are.');
    expect(labelFor('name')).toBe('Name');
    expect(labelFor('email')).toBe('Email');
    expect(labelFor('phone')).toBe('Phone number (optional)');
    expect(labelFor('order')).toBe('Order number (optional)');
    expect(input('name').required).toBe(true);
    expect(input('phone').required).toBe(false);
  });

  it('gives each field the input type and autofill hint that fit it', async () => {
    const { input } = await mountForm();
    expect([input('name').type, input('name').getAttribute('autocomplete')]).toEqual(['text', 'name']);
    expect([input('email').type, input('email').getAttribute('autocomplete')]).toEqual(['email', 'email']);
    const phone = input('phone');
    expect([phone.type, phone.getAttribute('autocomplete'), phone.getAttribute('inputmode')]).toEqual(['tel', 'tel', 'tel']);
    expect(input('order').type).toBe('text');
    expect(input('order').hasAttribute('autocomplete')).toBe(false);
  });

  it('shows an error under each empty required field and focuses the first one', async () => {
    const { input, errorOf, submitted, submit } = await mountForm();
    await submit();
    expect(submitted).toEqual([]);
    expect(errorOf('name')).toBe('Please fill in Name.');
    expect(errorOf('email')).toBe('Please fill in Email.');
    expect(input('name').getAttribute('aria-invalid')).toBe('true');
    expect(input('phone').getAttribute('aria-invalid')).toBe('false');
    expect(errorOf('phone')).toBe('');
    expect(deepActiveElement()).toBe(input('name'));
  });

  it('refuses an email that cannot be an address and clears the error once the shopper edits', async () => {
    const { element, input, errorOf, fill, submit, submitted } = await mountForm();
    fill('name', 'Ana');
    fill('email', 'ana at example');
    await submit();
    expect(submitted).toEqual([]);
    expect(errorOf('email')).toBe('Please enter an email address such as ana@example.com.');
    expect(errorOf('name')).toBe('');
    expect(deepActiveElement()).toBe(input('email'));
    fill('email', 'ana@example');
    await settle(element);
    expect(errorOf('email')).toBe('');
    expect(input('email').getAttribute('aria-invalid')).toBe('false');
  });

  it('sends the trimmed answers without empty optional fields, and shows that it is busy', async () => {
    const { element, button, fill, submit, submitted } = await mountForm();
    fill('name', '  Ana Lima ');
    fill('email', 'ana@example.com ');
    fill('order', ' A-1042');
    await submit();
    expect(submitted).toEqual([{ name: 'Ana Lima', email: 'ana@example.com', order: 'A-1042' }]);
    expect(element.busy).toBe(true);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(textOf(button)).toBe('Sending…');
    await submit();
    expect(submitted).toHaveLength(1);
  });

  it('shows a failure as an alert and lets the shopper send again', async () => {
    const { element, root, button, fill, submit, submitted } = await mountForm();
    fill('name', 'Ana');
    fill('email', 'ana@example.com');
    await submit();
    element.error = "That didn't go through. Please try again.";
    await settle(element);
    expect(element.busy).toBe(false);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe("That didn't go through. Please try again.");
    expect(textOf(button)).toBe('Start chat');
    await submit();
    expect(submitted).toHaveLength(2);
    expect(textOf(root.querySelector('[role="alert"]'))).toBe('');
  });

  it('takes its words from the language pack', async () => {
    const fields = [{ key: 'name', isRequired: true }, { key: 'email' }];
    const { element, labelFor, button, errorOf, submit } = await mountForm({ when: 'always', fields });
    const required = (label: string) => `Preencha ${label}.`;
    const portuguese: Strings = { ...withExtras(en), preChatName: 'Nome', optional: '(opcional)', preChatSubmit: 'Começar', required };
    element.strings = portuguese;
    await settle(element);
    expect(labelFor('name')).toBe('Nome');
    expect(labelFor('email')).toBe('Email (opcional)');
    expect(textOf(button)).toBe('Começar');
    await submit();
    expect(errorOf('name')).toBe('Preencha Nome.');
  });
});
