/**
 * Every user-visible string of the widget, the English pack, and how a language is chosen.
 *
 * English is built in; every other language lives in its own `strings-<locale>.ts` and is loaded
 * as its own small chunk only when the page asks for it. A new language is a new file exporting
 * `strings` (with `dir: 'rtl'` if it is written right to left), a line in {@link LAUNCHER_LABELS}
 * and one in `packs`, and its language in {@link toSupportedLocale} (`SAME_NAMED`, or a rule for
 * tags that map elsewhere).
 */

/** The languages the widget ships, as BCP 47 tags. */
export type SupportedLocale = 'en' | 'zh-CN' | 'zh-TW' | 'ja' | 'ko' | 'es' | 'fr' | 'de' | 'pt-BR' | 'ar' | 'he';

/** How a message author is introduced to screen readers and, for agents without a name, on screen. */
export interface AuthorLabels {
  /** The shopper's own messages. */
  visitor: string;
  /** An agent who has no display name. */
  agent: string;
  /** An automated assistant. */
  bot: string;
  /** Messages from the relay itself. */
  system: string;
}

/** Delivery status words for the shopper's own messages. */
export interface StatusLabels {
  /** Not yet stored by the relay. */
  pending: string;
  /** Stored by the relay. */
  sent: string;
  /** Read by an agent. */
  read: string;
  /** Refused for good. */
  failed: string;
}

/** What the panel says in every chat: the launcher, the conversation, the text box, notices. */
export interface PanelStrings {
  /** BCP 47 tag set as `lang` on the widget so screen readers pick the right voice. */
  readonly lang: SupportedLocale;
  /** Writing direction, set as `dir` on the panel and the launcher: `rtl` for Arabic and Hebrew. */
  readonly dir: 'ltr' | 'rtl';
  /** Accessible name of the launcher button. */
  launcher: string;
  /** The launcher's accessible name while there are unread messages. */
  launcherUnread: (count: number) => string;
  /** Accessible name of the chat panel (a dialog). */
  panel: string;
  /** Panel header title unless the shop sets `heading`. */
  title: string;
  /** Accessible name of the header's close button. */
  close: string;
  /** Accessible name of the message log. */
  messages: string;
  /** Shown in an empty conversation. */
  greeting: string;
  /** Accessible name of the text box. */
  input: string;
  /** Placeholder of the text box. */
  placeholder: string;
  /** Accessible name of the send button. */
  send: string;
  /** Typing indicator; `name` is the agent's display name when the relay sends one. */
  typing: (name?: string) => string;
  /** Names of authors without a display name. */
  authors: AuthorLabels;
  /** Delivery status of the shopper's messages. */
  status: StatusLabels;
  /** Label of the button that scrolls to messages that arrived while the shopper read older ones. */
  newMessages: string;
  /** Notice while the connection is being re-established. */
  reconnecting: string;
  /** Notice while the browser reports no network. */
  offline: string;
  /** Notice when the chat cannot connect at all (the client was closed for good). */
  unavailable: string;
  /** Notice after an agent closed the conversation. */
  closed: string;
  /** Error shown under the text box when a message is longer than the relay allows. */
  tooLong: (max: number) => string;
  /** Error shown under the text box when a message has characters that cannot be sent. */
  invalidText: string;
  /** Accessible name of the buttons offered under an agent's or bot's message. */
  quickReplies: string;
  /** Accessible name of the button that picks files to attach. */
  attach: string;
  /** Shown over the panel while files are dragged onto it. */
  dropFiles: string;
  /** Error for a file over the relay's limit; `max` is already formatted ("10 MB"). */
  attachmentTooLarge: (name: string, max: string) => string;
  /** Error for a file of a type the relay does not take. */
  attachmentTypeRefused: (name: string) => string;
  /** Status while files upload. */
  uploading: string;
  /** Error when the shopper picks more files than one message carries. */
  tooManyFiles: (max: number) => string;
}

/**
 * What only some chats need: the away notice and email form, the rating, the pre-chat form,
 * attachment previews and failures, product cards and downloads, notifications, the proactive
 * teaser. Every language pack but English carries them; English ones are in extra-strings.ts,
 * loaded with the first part of the panel that needs them (see `withExtras()` there).
 */
export interface ExtraStrings {
  /** Notice outside business hours; `when` comes from {@link ExtraStrings.openingTime}. */
  away: (when: string) => string;
  /** Notice outside business hours when the relay does not say when the team is back. */
  awayNoTime: string;
  /** When the team is back: `day` is "today", "tomorrow", a weekday or a date; `time` the local time. */
  openingTime: (day: string, time: string) => string;
  /** Label of the email field offered outside business hours. */
  emailPrompt: string;
  /** Placeholder of the email field. */
  emailPlaceholder: string;
  /** The button that sends the email address. */
  emailSubmit: string;
  /** Error under the email field for an address that cannot be right. */
  emailInvalid: string;
  /** Confirmation once the relay stored the address. */
  emailSaved: (email: string) => string;
  /** Error when the email or the rating could not be sent. */
  requestFailed: string;
  /** The question of the satisfaction rating, shown after the conversation ended. */
  ratingQuestion: string;
  /** Accessible names of the five scores, 1 to 5. */
  ratingScores: readonly [string, string, string, string, string];
  /** Label of the optional comment. */
  ratingComment: string;
  /** The button that sends the rating. */
  ratingSubmit: string;
  /** Error when the shopper sends the rating without choosing a score. */
  ratingChooseScore: string;
  /** Shown once the relay stored the rating. */
  ratingThanks: string;
  /** Accessible name of the button that removes a picked file before sending. */
  removeAttachment: (name: string) => string;
  /** Error when an upload failed (network, relay down). */
  attachmentFailed: (name: string) => string;
  /** Accessible name of a file link in a message; `size` is already formatted ("2.4 MB"). */
  download: (name: string, size: string) => string;
  /** Label of a product card's link. */
  viewProduct: string;
  /** Title of the pre-chat form. */
  preChatTitle: string;
  /** Label of the pre-chat form's name field. */
  preChatName: string;
  /** Label of the pre-chat form's email field. */
  preChatEmail: string;
  /** Added to the label of optional fields. */
  optional: string;
  /** Error under a required field left empty. */
  required: (label: string) => string;
  /** The button that sends the pre-chat form. */
  preChatSubmit: string;
  /** The document title while a reply waits in a hidden tab. */
  titleUnread: (count: number) => string;
  /** Title of a desktop notification; `name` is the agent's or bot's name. */
  notificationTitle: (name: string) => string;
  /** The button that asks the browser for permission to show desktop notifications. */
  enableNotifications: string;
  /** Accessible name of the button that dismisses a proactive message. */
  dismiss: string;
}

/** Everything the widget says, in one language: what every language pack but English exports. */
export interface Strings extends PanelStrings, ExtraStrings {}

/**
 * The launcher's accessible name in each language. Kept separate from the packs because the
 * script-tag loader paints the launcher before any pack is loaded and must stay tiny (so keep
 * them short).
 */
export const LAUNCHER_LABELS: Readonly<Record<SupportedLocale, string>> = {
  en: 'Chat with us',
  'zh-CN': '在线客服',
  'zh-TW': '線上客服',
  ja: 'チャットで相談',
  ko: '채팅 상담',
  es: 'Chat en vivo',
  fr: 'Chat en direct',
  de: 'Live-Chat',
  'pt-BR': 'Fale conosco',
  ar: 'تحدث معنا',
  he: 'דברו איתנו',
};

/**
 * The English panel strings, always available; the English {@link ExtraStrings} load with the
 * parts that need them (extra-strings.ts).
 */
export const en: PanelStrings = {
  lang: 'en',
  dir: 'ltr',
  // Equal to LAUNCHER_LABELS.en (a test checks); reading it from there would leave a stray
  // property read in the loader, which must stay tiny.
  launcher: 'Chat with us',
  launcherUnread: (count) => `Chat with us, ${count} unread message${count === 1 ? '' : 's'}`,
  panel: 'Chat',
  title: 'Customer service',
  close: 'Close chat',
  messages: 'Messages',
  greeting: 'Hi! Ask us anything about this product, your order or delivery.',
  input: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  typing: (name) => `${name || 'Agent'} is typing…`,
  authors: { visitor: 'You', agent: 'Agent', bot: 'Assistant', system: 'Notice' },
  status: { pending: 'Sending…', sent: 'Sent', read: 'Read', failed: 'Not sent' },
  newMessages: 'New messages',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Your messages will be sent when you are back online.',
  unavailable: 'The chat is unavailable right now. Please try again later.',
  closed: 'This conversation has ended. Write a message to start a new one.',
  tooLong: (max) => `This message is too long. The limit is ${max} characters.`,
  invalidText: 'This message contains characters that cannot be sent.',
  quickReplies: 'Suggested replies',
  attach: 'Attach a file',
  dropFiles: 'Drop files to attach them',
  attachmentTooLarge: (name, max) => `${name} is too large. The limit is ${max}.`,
  attachmentTypeRefused: (name) => `${name} is a type of file we can't take. Try an image, a PDF or a text file.`,
  uploading: 'Uploading…',
  tooManyFiles: (max) => `You can send up to ${max} files at once.`,
};

/**
 * The shipped languages whose pack is named like the language itself, whatever the region. Not
 * read from the keys of {@link LAUNCHER_LABELS}: that would put every translation of the label
 * into the app chunk, where nothing shows them (only the loader does). A test checks that each
 * of its languages maps to itself.
 */
const SAME_NAMED = /^(?:en|ja|ko|es|fr|de|ar|he)$/;

/**
 * Maps a language tag to a pack this build ships. Chinese goes by script, then region:
 * `zh-Hant` and Taiwan, Hong Kong and Macau (`zh-TW`, `zh-HK`, `zh-MO`) give Traditional Chinese,
 * every other `zh` (`zh`, `zh-Hans`, `zh-CN`, `zh-SG`…) Simplified. Any Portuguese (`pt`, `pt-PT`)
 * gets the Brazilian pack and the legacy `iw` means Hebrew; `ja`, `ko`, `es`, `fr`, `de`, `ar` and
 * `he` match with any region. Everything else is English. Underscores (`zh_TW`) are accepted
 * because some CMSs write them.
 */
export function toSupportedLocale(tag: string): SupportedLocale {
  const [language = '', ...rest] = tag.trim().toLowerCase().split(/[-_]/);
  if (language === 'zh') {
    return rest.includes('hans') || !rest.some((part) => /^(hant|tw|hk|mo)$/.test(part)) ? 'zh-CN' : 'zh-TW';
  }
  if (language === 'pt') return 'pt-BR';
  if (language === 'iw') return 'he';
  return SAME_NAMED.test(language) ? (language as SupportedLocale) : 'en';
}

/**
 * Picks the widget language: the first non-empty tag among `candidates` decides, so an English
 * page stays English in a Chinese browser. Pass the `locale` attribute, then `<html lang>`, then
 * `navigator.language`.
 *
 * @example resolveLocale(widget.locale, document.documentElement.lang, navigator.language)
 */
export function resolveLocale(...candidates: ReadonlyArray<string | null | undefined>): SupportedLocale {
  return toSupportedLocale(candidates.find((candidate) => candidate?.trim()) ?? '');
}

/** One dynamic import per language, so that the bundler makes each pack its own chunk. */
const packs: Partial<Record<SupportedLocale, () => Promise<{ strings: Strings }>>> = {
  'zh-CN': () => import('./strings-zh-cn.js'),
  'zh-TW': () => import('./strings-zh-tw.js'),
  ja: () => import('./strings-ja.js'),
  ko: () => import('./strings-ko.js'),
  es: () => import('./strings-es.js'),
  fr: () => import('./strings-fr.js'),
  de: () => import('./strings-de.js'),
  'pt-BR': () => import('./strings-pt-br.js'),
  ar: () => import('./strings-ar.js'),
  he: () => import('./strings-he.js'),
};

const loaded = new Map<SupportedLocale, PanelStrings>([['en', en]]);
const loading = new Map<SupportedLocale, Promise<PanelStrings>>();

/** The pack for `locale` if it is already loaded (English always is), else `undefined`. */
export function cachedStrings(locale: SupportedLocale): PanelStrings | undefined {
  return loaded.get(locale);
}

/**
 * Loads the pack for `locale` (a separate chunk for every language but English) and caches it.
 * Falls back to English if the chunk cannot be fetched, so a flaky network never leaves the
 * widget without words, and for a locale this build does not ship.
 */
export function loadStrings(locale: SupportedLocale): Promise<PanelStrings> {
  const pack = packs[locale];
  if (!pack) return Promise.resolve(en);
  // Kept once settled: a loaded pack comes from here again.
  let pending = loading.get(locale);
  if (!pending) {
    pending = pack().then(
      ({ strings }) => {
        loaded.set(locale, strings);
        return strings;
      },
      () => {
        // Forgotten, so that the next call fetches the chunk again.
        loading.delete(locale);
        return en;
      },
    );
    loading.set(locale, pending);
  }
  return pending;
}
