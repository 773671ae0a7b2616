import type { ProactiveMessage } from '@confab/protocol';
import { SettingRejection, jsonSettingValue } from '../setting-rejection.js';

/** The most proactive messages a relay keeps. */
export const MAX_PROACTIVE_MESSAGES = 20;
/** Longest proactive text, in characters. */
export const MAX_PROACTIVE_TEXT = 500;
const MAX_DELAY_SECONDS = 3600;

/** Completes every refusal of the `proactive` setting: what a good value looks like. */
export const PROACTIVE_ACCEPTED =
  'use a JSON array such as [{ "id": "checkout-help", "text": "Questions about delivery?", "delaySeconds": 20, "pathPrefix": "/checkout", "locale": "en" }] ' +
  `(at most ${MAX_PROACTIVE_MESSAGES}; id unique, text of 1 to ${MAX_PROACTIVE_TEXT} characters)`;

const KEYS = ['id', 'text', 'delaySeconds', 'pathPrefix', 'locale'];
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

function reject(problem: string): never {
  throw new SettingRejection(problem, PROACTIVE_ACCEPTED);
}

function parseOne(value: unknown, where: string): ProactiveMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(`has ${where}, which is not an object`);
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) if (!KEYS.includes(key)) reject(`has ${where}.${key.slice(0, 32)}, which is not a field (fields: ${KEYS.join(', ')})`);
  const { id, text, delaySeconds, pathPrefix, locale } = entry;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) reject(`has ${where}.id ${JSON.stringify(id)}, which is not 1 to 64 letters, digits, _ or -`);
  if (typeof text !== 'string' || text.trim() === '' || [...text].length > MAX_PROACTIVE_TEXT || CONTROL.test(text)) {
    reject(`has ${where}.text that is not a text of 1 to ${MAX_PROACTIVE_TEXT} characters without control characters`);
  }
  const message: ProactiveMessage = { id, text };
  if (delaySeconds !== undefined) {
    if (typeof delaySeconds !== 'number' || !Number.isSafeInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
      reject(`has ${where}.delaySeconds ${JSON.stringify(delaySeconds)}, which is not an integer from 0 to ${MAX_DELAY_SECONDS}`);
    }
    message.delaySeconds = delaySeconds;
  }
  if (pathPrefix !== undefined) {
    if (typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/') || pathPrefix.length > 200 || CONTROL.test(pathPrefix)) {
      reject(`has ${where}.pathPrefix ${JSON.stringify(pathPrefix)}, which is not a path starting with / (at most 200 characters)`);
    }
    message.pathPrefix = pathPrefix;
  }
  if (locale !== undefined) {
    if (typeof locale !== 'string' || !LOCALE_PATTERN.test(locale)) reject(`has ${where}.locale ${JSON.stringify(locale)}, which is not a language tag such as en or de-AT`);
    message.locale = locale;
  }
  return message;
}

/**
 * Reads the `proactive` relay setting: a list of {@link ProactiveMessage} (or its JSON text from a
 * flag or the environment). Empty text means none. Throws a {@link SettingRejection} naming the
 * bad entry.
 */
export function parseProactiveMessages(raw: unknown): ProactiveMessage[] {
  const value = jsonSettingValue(raw, PROACTIVE_ACCEPTED);
  if (value === undefined) return [];
  if (!Array.isArray(value)) reject('is not a list');
  if (value.length > MAX_PROACTIVE_MESSAGES) reject(`has ${value.length} messages, more than ${MAX_PROACTIVE_MESSAGES}`);
  const ids = new Set<string>();
  return value.map((entry: unknown, index) => {
    const message = parseOne(entry, `[${index}]`);
    if (ids.has(message.id)) reject(`has [${index}].id ${JSON.stringify(message.id)} twice`);
    ids.add(message.id);
    return message;
  });
}
