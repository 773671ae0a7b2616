import type { Strings } from './strings.js';

const rules = new Intl.PluralRules('de');
/** `one` for 1, else `other`. */
const plural = (count: number, one: string, other: string) => (rules.select(count) === 'one' ? one : other);

/**
 * The German strings (de), addressing the shopper as "Sie", loaded as a separate chunk by
 * `loadStrings('de')`. `launcher` repeats `LAUNCHER_LABELS.de`.
 */
export const strings: Strings = {
  lang: 'de',
  dir: 'ltr',
  launcher: 'Live-Chat',
  launcherUnread: (count) =>
    `Live-Chat, ${count} ${plural(count, 'ungelesene Nachricht', 'ungelesene Nachrichten')}`,
  panel: 'Chat',
  title: 'Kundenservice',
  close: 'Chat schließen',
  messages: 'Nachrichten',
  greeting: 'Hallo! Fragen Sie uns gern alles zu diesem Produkt, Ihrer Bestellung oder der Lieferung.',
  input: 'Nachricht',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  typing: (name) => (name ? `${name} schreibt…` : 'Unser Team schreibt…'),
  authors: { visitor: 'Sie', agent: 'Kundenservice', bot: 'Assistent', system: 'Hinweis' },
  status: { pending: 'Wird gesendet…', sent: 'Gesendet', read: 'Gelesen', failed: 'Nicht gesendet' },
  newMessages: 'Neue Nachrichten',
  reconnecting: 'Verbindung unterbrochen. Verbindung wird wiederhergestellt…',
  offline: 'Sie sind offline. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.',
  unavailable: 'Der Chat ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut.',
  closed: 'Dieses Gespräch wurde beendet. Schreiben Sie eine Nachricht, um ein neues zu beginnen.',
  // "Zeichen" is the same in singular and plural.
  tooLong: (max) => `Diese Nachricht ist zu lang. Erlaubt sind höchstens ${max} Zeichen.`,
  invalidText: 'Diese Nachricht enthält Zeichen, die nicht gesendet werden können.',
  quickReplies: 'Antwortvorschläge',
  away: (when) => `Wir sind gerade nicht da – wir antworten Ihnen ${when}.`,
  awayNoTime: 'Wir sind gerade nicht da – wir antworten Ihnen so bald wie möglich.',
  // "heute"/"morgen" stand alone; a weekday or date takes "am" ("am Montag", "am 8. Dezember").
  openingTime: (day, time) => `${/^(heute|morgen)$/.test(day) ? day : `am ${day}`} um ${time} Uhr`,
  emailPrompt: 'Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir Ihnen, auch wenn Sie diese Seite schließen.',
  emailPlaceholder: 'name@example.com',
  emailSubmit: 'Benachrichtigen',
  emailInvalid: 'Bitte geben Sie eine E-Mail-Adresse wie ana@example.com ein.',
  emailSaved: (email) => `Danke! Wir schreiben Ihnen an ${email}.`,
  requestFailed: 'Das hat leider nicht geklappt. Bitte versuchen Sie es erneut.',
  ratingQuestion: 'Wie zufrieden waren Sie mit dem Chat?',
  ratingScores: ['1 Stern, sehr schlecht', '2 Sterne, schlecht', '3 Sterne, in Ordnung', '4 Sterne, gut', '5 Sterne, ausgezeichnet'],
  ratingComment: 'Möchten Sie noch etwas hinzufügen? (optional)',
  ratingSubmit: 'Bewertung senden',
  ratingChooseScore: 'Bitte wählen Sie zuerst eine Bewertung.',
  ratingThanks: 'Vielen Dank für Ihr Feedback!',
  attach: 'Datei anhängen',
  dropFiles: 'Dateien hier ablegen, um sie anzuhängen',
  removeAttachment: (name) => `${name} entfernen`,
  attachmentTooLarge: (name, max) => `${name} ist zu groß. Erlaubt sind höchstens ${max}.`,
  attachmentTypeRefused: (name) =>
    `Dateien wie ${name} können wir nicht annehmen. Versuchen Sie es mit einem Bild, einer PDF- oder einer Textdatei.`,
  attachmentFailed: (name) => `${name} konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut.`,
  uploading: 'Wird hochgeladen…',
  tooManyFiles: (max) => `Sie können bis zu ${max} Dateien auf einmal senden.`,
  download: (name, size) => `${name} herunterladen, ${size}`,
  viewProduct: 'Produkt ansehen',
  preChatTitle: 'Bevor es losgeht: Sagen Sie uns bitte, wer Sie sind.',
  preChatName: 'Name',
  preChatEmail: 'E-Mail',
  optional: '(optional)',
  required: (label) => `Bitte füllen Sie „${label}“ aus.`,
  preChatSubmit: 'Chat starten',
  titleUnread: (count) => `(${count}) ${plural(count, 'Neue Nachricht', 'Neue Nachrichten')}`,
  notificationTitle: (name) => `Neue Nachricht von ${name}`,
  enableNotifications: 'Bei Antworten benachrichtigen',
  dismiss: 'Schließen',
};
