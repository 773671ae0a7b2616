import type { ChatMessage, ConversationSummary, VisitorContext } from '@confab/protocol';
import type { ShopperIdentity } from '../adapter-events.js';

// Slack's mrkdwn reserves &, < and >: text must escape them, and what agents type arrives escaped,
// with links as <url|label> and mentions as <@U123> (https://api.slack.com/reference/surfaces/formatting).

/** Escapes text for a Slack message so that it shows as written. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * What an agent's Slack message says, as plain text for the shopper: links become `label (url)`
 * or the bare URL, mentions of people and channels become `@…`/`#…`, and entities are unescaped.
 */
export function plainTextOfSlack(text: string): string {
  const unlinked = text.replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_whole, target: string, label: string | undefined) => {
    if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`;
    if (label === undefined || label === target || label === target.replace(/^mailto:/, '')) return target.replace(/^mailto:/, '');
    return `${label} (${target})`;
  });
  return unlinked.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function link(url: string, label?: string): string {
  // `|` and `>` would end the link early; a URL never needs them unescaped.
  const target = url.replace(/\|/g, '%7C').replace(/>/g, '%3E');
  return label ? `<${target}|${escapeSlackText(label).replace(/\|/g, '¦')}>` : `<${target}>`;
}

/** The lines describing the shopper's page, product and locale, for the thread's root message. */
export function contextLines(context: VisitorContext): string[] {
  const lines: string[] = [];
  if (context.url) lines.push(`*Page:* ${link(context.url, context.title)}`);
  else if (context.title) lines.push(`*Page:* ${escapeSlackText(context.title)}`);
  const product = context.product;
  if (product && (product.name || product.sku || product.url)) {
    const name = product.name ?? product.sku ?? 'product';
    const parts = [product.url ? link(product.url, name) : escapeSlackText(name)];
    if (product.sku && product.name) parts.push(`SKU ${escapeSlackText(product.sku)}`);
    if (product.price) parts.push(escapeSlackText(`${product.price}${product.currency ? ` ${product.currency}` : ''}`));
    if (product.availability) parts.push(escapeSlackText(product.availability));
    lines.push(`*Product:* ${parts.join(' · ')}`);
  }
  const where = [context.locale, context.timeZone, context.localTime && `local time ${context.localTime}`].filter(Boolean) as string[];
  if (where.length > 0) lines.push(`*Locale:* ${escapeSlackText(where.join(' · '))}`);
  return lines;
}

/** Who wrote a message, as the thread shows it: "Shopper", "Mia (agent)", "Shop assistant (bot)". */
export function authorLabel(message: Pick<ChatMessage, 'author'>): string {
  const { role, name } = message.author;
  if (role === 'visitor') return name ? `${name} (shopper)` : 'Shopper';
  return name ? `${name} (${role})` : role === 'bot' ? 'Bot' : role === 'agent' ? 'Agent' : 'Confab';
}

/** One message as a line of the thread: its author in bold, then its text. */
export function messageLine(message: Pick<ChatMessage, 'author' | 'text'>): string {
  return `*${escapeSlackText(authorLabel(message))}:* ${escapeSlackText(message.text)}`;
}

/**
 * Who the shop says the shopper is, escaped: "Ana Lima &lt;ana@example.com&gt; (user 42, verified)";
 * "unverified" when the relay did not check it, so agents know it is only the shop page's claim.
 */
export function identityText(identity: ShopperIdentity): string {
  const who = [identity.name, identity.email && `<${identity.email}>`].filter(Boolean).join(' ');
  const trust = identity.isVerified ? 'verified' : 'unverified';
  return escapeSlackText(who === '' ? `user ${identity.userId} (${trust})` : `${who} (user ${identity.userId}, ${trust})`);
}

/** The pre-chat answers, escaped: "name: Ana, order: A-1042"; undefined when there are none. */
export function profileText(profile: Readonly<Record<string, string>>): string | undefined {
  const answers = Object.entries(profile).map(([key, value]) => `${key}: ${value}`);
  return answers.length === 0 ? undefined : escapeSlackText(answers.join(', '));
}

/** The thread note for an `identity` event. */
export function identityNote(identity: ShopperIdentity): string {
  return `:bust_in_silhouette: Shopper identified: ${identityText(identity)}`;
}

/** The thread note for a `profile` event; undefined when it has no answers. */
export function profileNote(profile: Readonly<Record<string, string>>): string | undefined {
  const text = profileText(profile);
  return text === undefined ? undefined : `:clipboard: Pre-chat answers: ${text}`;
}

/** What the thread's root shows of who the shopper is, from the conversation when the root is posted. */
export type KnownShopper = Pick<ConversationSummary, 'identity' | 'profile'>;

function shopperLines(shopper: KnownShopper | undefined): string[] {
  const lines: string[] = [];
  if (shopper?.identity) lines.push(`*Shopper identified:* ${identityText(shopper.identity)}`);
  const answers = shopper?.profile && profileText(shopper.profile);
  if (answers) lines.push(`*Pre-chat answers:* ${answers}`);
  return lines;
}

/** Quotes text as a Slack block quote, line by line. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/**
 * The root message of a conversation's thread: who is asking (with their identity and pre-chat
 * answers when known), from which page and product, and what was said so far (the first
 * message, or a hand-over's transcript).
 */
export function rootText(input: {
  conversationId: string;
  visitorName?: string;
  context: VisitorContext;
  headline?: string;
  messages: Pick<ChatMessage, 'author' | 'text'>[];
  internalPrefix: string;
  /** Who the shopper is and their pre-chat answers, when known before the thread was opened. */
  shopper?: KnownShopper;
}): string {
  const who = input.visitorName ? escapeSlackText(input.visitorName) : 'a shopper';
  const lines = [
    `:speech_balloon: *New conversation* from ${who}${input.headline ? ` — ${escapeSlackText(input.headline)}` : ''}`,
    ...shopperLines(input.shopper),
    ...contextLines(input.context),
  ];
  for (const message of input.messages) lines.push(quote(messageLine(message)));
  const prefix = escapeSlackText(input.internalPrefix);
  lines.push(`_Reply in this thread to answer the shopper; a reply starting with ${prefix} stays internal. Conversation ${escapeSlackText(input.conversationId)}_`);
  return lines.join('\n');
}
