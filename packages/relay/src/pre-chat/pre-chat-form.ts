import { ConfabError, EMAIL_PATTERN, SchemaViolation, preChatFormSchema, type PreChatField, type PreChatForm } from '@confab/protocol';
import { SettingRejection, jsonSettingValue } from '../setting-rejection.js';
import type { Profile } from '../store/store.js';

/** Completes every refusal of the `preChat` setting: what a good value looks like. */
export const PRE_CHAT_ACCEPTED =
  'use a JSON object such as { "when": "always", "fields": [{ "key": "name", "isRequired": true }, { "key": "email", "type": "email" }, ' +
  '{ "key": "order", "label": "Order number" }] } ("when" is always or offline; at most 10 fields, each key once)';

/** Longest answer to one field, in characters (the protocol's cap). */
const MAX_ANSWER = 500;
const MAX_EMAIL = 254;
/** Control characters other than tab; an answer is one line. */
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u;

/**
 * Reads the `preChat` relay setting: a {@link PreChatForm} object (or its JSON text from a flag or
 * the environment), checked with the protocol's `preChatFormSchema`; a key may appear once.
 * Empty text means no form. Throws a {@link SettingRejection} naming the bad part.
 */
export function parsePreChatForm(raw: unknown): PreChatForm | undefined {
  const value = jsonSettingValue(raw, PRE_CHAT_ACCEPTED);
  if (value === undefined) return undefined;
  let form: PreChatForm;
  try {
    form = preChatFormSchema.parse(value, '');
  } catch (error) {
    if (error instanceof SchemaViolation) throw new SettingRejection(`is not a pre-chat form: ${error.message}`, PRE_CHAT_ACCEPTED);
    throw error;
  }
  const keys = new Set<string>();
  form.fields.forEach((field, index) => {
    if (keys.has(field.key)) throw new SettingRejection(`is not a pre-chat form: fields[${index}].key ${JSON.stringify(field.key)} is used twice`, PRE_CHAT_ACCEPTED);
    keys.add(field.key);
  });
  return form;
}

/** Whether a field holds an email address: typed so, or the `email` key with no other type. */
function isEmailField(field: PreChatField): boolean {
  return field.type === 'email' || (field.key === 'email' && field.type === undefined);
}

function refuse(message: string): ConfabError {
  return new ConfabError('CONFAB_REQUEST_INVALID', message);
}

/** The answers to a pre-chat form, checked: what to store, and the email address it gave. */
export interface CheckedProfile {
  profile: Profile;
  /** The answer of the email field, when the form has one and it was answered. */
  email?: string;
}

/**
 * Checks a shopper's answers against the configured form: every key must be a field of the form,
 * required fields must be answered (not blank), email fields must hold an address. Answers are
 * trimmed; blank optional ones are left out. Throws `CONFAB_REQUEST_INVALID` naming the field,
 * also when the relay has no form.
 */
export function checkProfile(form: PreChatForm | undefined, answers: Readonly<Record<string, string>>): CheckedProfile {
  if (form === undefined) throw refuse('This relay has no pre-chat form (setting preChat), so it takes no profile');
  const fields = new Map(form.fields.map((field) => [field.key, field]));
  for (const key of Object.keys(answers)) {
    if (!fields.has(key)) {
      throw refuse(`The pre-chat form has no field ${JSON.stringify(key.slice(0, 64))}; its fields are ${[...fields.keys()].join(', ')}`);
    }
  }
  const profile: Profile = {};
  let email: string | undefined;
  for (const field of form.fields) {
    const answer = Object.hasOwn(answers, field.key) ? answers[field.key]!.trim() : '';
    if (answer === '') {
      if (field.isRequired) throw refuse(`The pre-chat field ${JSON.stringify(field.key)} is required; answer it`);
      continue;
    }
    if ([...answer].length > MAX_ANSWER || CONTROL.test(answer)) {
      throw refuse(`The answer to ${JSON.stringify(field.key)} must be one line of at most ${MAX_ANSWER} characters`);
    }
    if (isEmailField(field)) {
      if (answer.length > MAX_EMAIL || !EMAIL_PATTERN.test(answer)) {
        throw refuse(`The answer to ${JSON.stringify(field.key)} is not an email address such as ana@example.com`);
      }
      if (email === undefined || field.key === 'email') email = answer;
    }
    profile[field.key] = answer;
  }
  return email === undefined ? { profile } : { profile, email };
}

/**
 * Whether `welcome` offers the form: while the conversation has not answered it, and for an
 * `offline` form only when the business hours say the team is out.
 */
export function shouldOfferPreChat(form: PreChatForm | undefined, hasProfile: boolean, isOpen: boolean | undefined): boolean {
  if (form === undefined || hasProfile) return false;
  return form.when === 'always' || isOpen === false;
}
