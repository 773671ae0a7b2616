import { describe, expect, it } from 'vitest';
import { zhCN } from '../strings.js';
import { $, $$, mount, record, text } from '../test-support/render.js';

describe('SignInForm', () => {
  it('asks for the token and name in a labelled form', async () => {
    const form = await mount('confab-sign-in');
    expect(text($(form, 'h1'))).toBe('Sign in to the agent console');
    expect(text($(form, 'label[for="token"]'))).toBe('Agent token');
    expect($<HTMLInputElement>(form, '#token').type).toBe('password');
    expect(text($(form, 'label[for="name"]'))).toBe('Your name');
    expect($(form, 'main')).toBeTruthy();
  });

  it('explains what is missing instead of submitting', async () => {
    const form = await mount('confab-sign-in');
    const signIns = record(form, 'confab-sign-in');
    $(form, '[data-testid="sign-in-submit"]').click();
    await form.updateComplete;
    expect(signIns).toHaveLength(0);
    expect(text($(form, '#token-error'))).toBe('Enter the agent token.');
    expect(text($(form, '#name-error'))).toBe('Enter the name shoppers will see.');
    expect($(form, '#token').getAttribute('aria-invalid')).toBe('true');
  });

  it('submits the trimmed token and name', async () => {
    const form = await mount('confab-sign-in');
    const signIns = record(form, 'confab-sign-in');
    $<HTMLInputElement>(form, '#token').value = '  secret-token ';
    $<HTMLInputElement>(form, '#name').value = ' Mei ';
    $(form, '[data-testid="sign-in-submit"]').click();
    expect(signIns.map((e) => e.detail)).toEqual([{ token: 'secret-token', name: 'Mei' }]);
  });

  it('asks only for the name when the tab already holds a token', async () => {
    const form = await mount('confab-sign-in', { needsToken: false, name: 'Mei' });
    const signIns = record(form, 'confab-sign-in');
    expect($$(form, '#token')).toHaveLength(0);
    expect($<HTMLInputElement>(form, '#name').value).toBe('Mei');
    $(form, '[data-testid="sign-in-submit"]').click();
    expect(signIns.map((e) => e.detail)).toEqual([{ name: 'Mei' }]);
  });

  it('shows why the agent was signed out as an alert', async () => {
    const form = await mount('confab-sign-in', { strings: zhCN, message: zhCN.tokenRejected });
    const alert = $(form, '[role="alert"]');
    expect(text(alert)).toBe('中继服务拒绝了这个客服令牌。请检查后重新登录。');
  });
});
