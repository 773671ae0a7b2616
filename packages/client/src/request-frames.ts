import {
  ConfabError,
  EMAIL_PATTERN,
  createId,
  integer,
  optional,
  record,
  string,
  type ClientMessageOf,
  type PreChatForm,
} from '@confab/protocol';
import type { VisitorIdentity } from './chat-client.js';

// Loaded by the first leaveEmail(), rate(), identify() or submitProfile(): most chats make none of
// these requests, so their checks stay out of the first download. Each function throws (a
// SchemaViolation or a TypeError) for a bad argument; ChatClient turns that into CONFAB_REQUEST_INVALID.

const EMAIL = string({ min: 3, max: 254, pattern: EMAIL_PATTERN, patternName: 'an email address such as ana@example.com' });
const SCORE = integer({ min: 1, max: 5 });
const COMMENT = optional(string({ max: 2000 }));
const USER_ID = string({ min: 1, max: 200 });
const USER_NAME = optional(string({ max: 100 }));
const HASH = optional(string({ min: 1, max: 128 }));
const JWT = string({ min: 1, max: 4096 });
const PROFILE = record(string({ max: 500 }), { maxEntries: 10, maxKeyLength: 64 });

/** An identity as the client keeps it: the fields of its `identify` frame, and how to renew a JWT. */
export interface KeptIdentity {
  fields: { jwt: string } | { userId: string; name?: string; email?: string; hash?: string };
  refresh?: () => Promise<string>;
}

/** The `contact` frame for `ChatClient.leaveEmail()`: the address trimmed. */
export function contactFrame(email: string): ClientMessageOf<'contact'> {
  const address = typeof email === 'string' ? email.trim() : email;
  return { type: 'contact', requestId: createId(), email: EMAIL.parse(address, 'email') };
}

/** The `rate` frame for `ChatClient.rate()`: the comment trimmed, and left out when blank. */
export function rateFrame(score: number, comment: string | undefined): ClientMessageOf<'rate'> {
  SCORE.parse(score, 'score');
  const text = COMMENT.parse(comment, 'comment')?.trim();
  return { type: 'rate', requestId: createId(), score, ...(text ? { comment: text } : {}) };
}

/** The `profile` frame for `ChatClient.submitProfile()`: answers trimmed, checked against the form's required and email fields. */
export function profileFrame(fields: Record<string, string>, preChat: PreChatForm | undefined): ClientMessageOf<'profile'> {
  const answers = PROFILE.parse(fields, 'fields');
  for (const key in answers) answers[key] = answers[key]!.trim();
  for (const { key, isRequired, type } of preChat?.fields ?? []) {
    const value = answers[key];
    if (isRequired && !value) throw new TypeError(`fields.${key} is required`);
    if (type === 'email' && value && !EMAIL_PATTERN.test(value)) throw new TypeError(`fields.${key} must be an email address`);
  }
  return { type: 'profile', requestId: createId(), fields: { ...answers } };
}

/** The identity given to `ChatClient.identify()`, checked; `id` becomes the wire's `userId`. */
export function keptIdentity(identity: VisitorIdentity): KeptIdentity {
  if (typeof identity !== 'object' || identity === null) throw new TypeError('identity must be an object with an id or a jwt');
  if ('jwt' in identity) {
    const { jwt, refresh } = identity;
    JWT.parse(jwt, 'jwt');
    if (refresh !== undefined && typeof refresh !== 'function') throw new TypeError('refresh must be a function');
    return { fields: { jwt }, refresh };
  }
  if ('id' in identity && 'userId' in identity) throw new TypeError('give the user id as id or as userId, not both');
  const userId = 'id' in identity ? USER_ID.parse(identity.id, 'id') : USER_ID.parse(identity.userId, 'userId');
  const { name, email, hash } = identity;
  USER_NAME.parse(name, 'name');
  optional(EMAIL).parse(email, 'email');
  HASH.parse(hash, 'hash');
  return { fields: { userId, name, email, hash } };
}

/**
 * A new JWT from `refresh()` for an identity the relay called expired; rejects with the code of
 * `expired` when `refresh()` fails or gives no JWT.
 */
export async function refreshedJwt(refresh: () => Promise<string>, expired: ConfabError): Promise<string> {
  try {
    return JWT.parse(await refresh(), 'refresh() result');
  } catch (error) {
    throw new ConfabError(expired.code, `${expired.message}; refresh() failed: ${(error as Error).message}`, { cause: error });
  }
}
