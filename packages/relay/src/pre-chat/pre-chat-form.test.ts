import { describe, expect, it } from 'vitest';
import { ConfabError, type PreChatForm } from '@confab/protocol';
import { SettingRejection } from '../setting-rejection.js';
import { checkProfile, parsePreChatForm, shouldOfferPreChat } from './pre-chat-form.js';

const FORM: PreChatForm = {
  when: 'always',
  fields: [
    { key: 'name', isRequired: true },
    { key: 'email', type: 'email', isRequired: true },
    { key: 'order', label: 'Order number' },
  ],
};

function refusal(work: () => unknown): ConfabError | SettingRejection {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfabError || error instanceof SettingRejection) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parsePreChatForm', () => {
  it('reads the form as an object or as JSON text, and no form from empty text', () => {
    expect(parsePreChatForm(FORM)).toEqual(FORM);
    expect(parsePreChatForm(JSON.stringify(FORM))).toEqual(FORM);
    expect(parsePreChatForm('  ')).toBeUndefined();
  });

  it('names the bad part of a form', () => {
    expect(refusal(() => parsePreChatForm({ when: 'sometimes', fields: [{ key: 'name' }] })).message).toContain('when must be');
    expect(refusal(() => parsePreChatForm({ when: 'always', fields: [{ key: 'Order Number' }] })).message).toContain('fields[0].key');
    expect(refusal(() => parsePreChatForm({ when: 'always', fields: [] })).message).toContain('fields');
    expect(refusal(() => parsePreChatForm({ when: 'always', fields: [{ key: 'name' }, { key: 'name' }] })).message).toContain('fields[1].key "name" is used twice');
    expect(refusal(() => parsePreChatForm('{not json')).message).toContain('is not JSON');
  });
});

describe('checkProfile', () => {
  it('keeps the trimmed answers and the email, leaving out blank optional ones', () => {
    expect(checkProfile(FORM, { name: '  Ana ', email: 'ana@example.com', order: ' ' })).toEqual({
      profile: { name: 'Ana', email: 'ana@example.com' },
      email: 'ana@example.com',
    });
  });

  it('refuses missing or blank required fields, bad emails, unknown keys, and any profile without a form', () => {
    const cases: [PreChatForm | undefined, Record<string, string>, string][] = [
      [FORM, { email: 'ana@example.com' }, '"name" is required'],
      [FORM, { name: '   ', email: 'ana@example.com' }, '"name" is required'],
      [FORM, { name: 'Ana', email: 'ana at example' }, 'not an email address'],
      [FORM, { name: 'Ana', email: 'ana@example.com', coupon: 'X' }, 'no field "coupon"'],
      [FORM, { name: 'Ana\u0007', email: 'ana@example.com' }, 'one line'],
      [undefined, { name: 'Ana' }, 'no pre-chat form'],
    ];
    for (const [form, answers, mention] of cases) {
      const error = refusal(() => checkProfile(form, answers));
      expect(error).toBeInstanceOf(ConfabError);
      expect((error as ConfabError).code).toBe('CONFAB_REQUEST_INVALID');
      expect(error.message).toContain(mention);
    }
  });

  it('treats an untyped email key as an email field', () => {
    const form: PreChatForm = { when: 'always', fields: [{ key: 'email' }] };
    expect(checkProfile(form, { email: 'mei@example.com' }).email).toBe('mei@example.com');
    expect((refusal(() => checkProfile(form, { email: 'mei' })) as ConfabError).code).toBe('CONFAB_REQUEST_INVALID');
  });
});

describe('shouldOfferPreChat', () => {
  it('offers an always form until answered, and an offline form only when the team is out', () => {
    expect(shouldOfferPreChat(FORM, false, undefined)).toBe(true);
    expect(shouldOfferPreChat(FORM, true, undefined)).toBe(false);
    const offline: PreChatForm = { ...FORM, when: 'offline' };
    expect(shouldOfferPreChat(offline, false, false)).toBe(true);
    expect(shouldOfferPreChat(offline, false, true)).toBe(false);
    expect(shouldOfferPreChat(offline, false, undefined)).toBe(false);
    expect(shouldOfferPreChat(undefined, false, false)).toBe(false);
  });
});
