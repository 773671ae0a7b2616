import type { ExtraStrings, PanelStrings, Strings } from './strings.js';

/**
 * The English strings of the parts only some chats show (see {@link ExtraStrings}). Kept out of
 * the app chunk: the first of those parts to load brings them, and a chat that never shows one
 * never downloads them.
 */
export const enExtra: ExtraStrings = {
  away: (when) => `We're away — we'll answer ${when}.`,
  awayNoTime: "We're away right now — we'll answer as soon as we can.",
  openingTime: (day, time) => `${day} at ${time}`,
  emailPrompt: "Leave your email and we'll write back, even if you close this page.",
  emailPlaceholder: 'name@example.com',
  emailSubmit: 'Notify me',
  emailInvalid: 'Please enter an email address such as ana@example.com.',
  emailSaved: (email) => `Thanks! We'll write to ${email}.`,
  requestFailed: "That didn't go through. Please try again.",
  ratingQuestion: 'How was your chat?',
  ratingScores: ['1 star, very poor', '2 stars, poor', '3 stars, okay', '4 stars, good', '5 stars, excellent'],
  ratingComment: 'Anything you would like to add? (optional)',
  ratingSubmit: 'Send rating',
  ratingChooseScore: 'Please choose a score first.',
  ratingThanks: 'Thank you for your feedback!',
  removeAttachment: (name) => `Remove ${name}`,
  attachmentFailed: (name) => `${name} could not be uploaded. Please try again.`,
  download: (name, size) => `Download ${name}, ${size}`,
  viewProduct: 'View product',
  preChatTitle: 'Before we start, tell us who you are.',
  preChatName: 'Name',
  preChatEmail: 'Email',
  optional: '(optional)',
  required: (label) => `Please fill in ${label}.`,
  preChatSubmit: 'Start chat',
  titleUnread: (count) => `(${count}) New message`,
  notificationTitle: (name) => `New message from ${name}`,
  enableNotifications: 'Notify me of replies',
  dismiss: 'Dismiss',
};

const complete = new WeakMap<PanelStrings, Strings>();

/**
 * `strings` with the extra strings: a language pack has them already; the built-in English panel
 * strings get {@link enExtra}. The same object comes back for the same pack, so Lit sees no change.
 */
export function withExtras(strings: PanelStrings): Strings {
  if (isComplete(strings)) return strings;
  let full = complete.get(strings);
  if (!full) complete.set(strings, (full = { ...enExtra, ...strings }));
  return full;
}

function isComplete(strings: PanelStrings): strings is Strings {
  return 'ratingQuestion' in strings;
}
