import { EMAIL_PATTERN, type ConversationSummary, type VisitorContext } from '@confab/protocol';
import type { ShopperIdentity } from '../adapter-events.js';
import type { ChatwootAttributes } from './chatwoot-api.js';

/** What the adapter sets on a Chatwoot contact: its name and email when it may, and custom attributes. */
export interface ContactFields {
  name?: string;
  email?: string;
  customAttributes: ChatwootAttributes;
}

const MAX_NAME = 255;

/**
 * The attributes an identity sets, and the adapter's own. A pre-chat field with one of these names
 * goes under `confab_profile_<key>` instead: what the shopper typed must not pass for the shop's word.
 */
const RESERVED_ATTRIBUTES = new Set(['confab_conversation_id', 'confab_user_id', 'confab_verified', 'confab_user_name', 'confab_user_email']);

function nameOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_NAME) : undefined;
}

function emailOf(value: unknown): string | undefined {
  return typeof value === 'string' && EMAIL_PATTERN.test(value.trim()) ? value.trim() : undefined;
}

function withNameAndEmail(name: string | undefined, email: string | undefined, customAttributes: ChatwootAttributes): ContactFields {
  return { ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }), customAttributes };
}

/**
 * The contact fields of who the shop says the shopper is: `confab_user_id` and `confab_verified`
 * (with `confab_user_name` and `confab_user_email`) always; the contact's name and email only when
 * the relay verified the identity, as an unverified one is a claim anyone could make.
 */
export function identityFields(identity: ShopperIdentity): ContactFields {
  const name = nameOf(identity.name);
  const email = emailOf(identity.email);
  const customAttributes: ChatwootAttributes = {
    confab_user_id: identity.userId,
    confab_verified: identity.isVerified,
    ...(name === undefined ? {} : { confab_user_name: name }),
    ...(email === undefined ? {} : { confab_user_email: email }),
  };
  return identity.isVerified ? withNameAndEmail(name, email, customAttributes) : { customAttributes };
}

/**
 * The contact fields of the pre-chat answers: each answer as `confab_<key>`, as given, and the
 * contact's name and email from the `name` and `email` answers, unless a verified identity
 * already gave them.
 */
export function profileFields(profile: Readonly<Record<string, string>>, identity?: ShopperIdentity): ContactFields {
  const customAttributes: ChatwootAttributes = {};
  for (const [key, value] of Object.entries(profile)) {
    const attribute = `confab_${key}`;
    customAttributes[RESERVED_ATTRIBUTES.has(attribute) ? `confab_profile_${key}` : attribute] = value;
  }
  if (identity?.isVerified) return { customAttributes };
  return withNameAndEmail(nameOf(profile['name']), emailOf(profile['email']), customAttributes);
}

/**
 * The fields of a new contact, from what is known of the shopper when it is created: the shop's
 * `setContext({ custom: { name, email } })`, then the pre-chat answers, then a verified identity,
 * each later one winning; without any name, one agents can tell apart ("Shopper 1a2b3c").
 */
export function newContactFields(
  confabId: string,
  context: VisitorContext | undefined,
  known: Pick<ConversationSummary, 'identity' | 'profile'> | undefined,
): ContactFields & { name: string } {
  const custom = context?.custom ?? {};
  const parts: ContactFields[] = [withNameAndEmail(nameOf(custom['name']), emailOf(custom['email']), { confab_conversation_id: confabId })];
  if (context?.locale) parts.push({ customAttributes: { locale: context.locale } });
  if (known?.profile) parts.push(profileFields(known.profile, known.identity));
  if (known?.identity) parts.push(identityFields(known.identity));
  const merged = parts.reduce<ContactFields>(
    (all, part) => withNameAndEmail(part.name ?? all.name, part.email ?? all.email, { ...all.customAttributes, ...part.customAttributes }),
    { customAttributes: {} },
  );
  return { ...merged, name: merged.name ?? `Shopper ${confabId.slice(0, 6)}` };
}
