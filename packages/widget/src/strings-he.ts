import type { Strings } from './strings.js';

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Intl.PluralRules('he');
/** The form for `count`: Hebrew has one, two (its dual: "שתי הודעות") and other. */
const plural = (count: number, forms: PluralForms) => forms[rules.select(count)] ?? forms.other;

/**
 * The Hebrew strings (he, right to left; also served for the legacy tag `iw`), loaded as a
 * separate chunk by `loadStrings('he')`. Instructions use the plural imperative ("כתבו"), the
 * usual gender-neutral way to address a customer. `launcher` repeats `LAUNCHER_LABELS.he`.
 */
export const strings: Strings = {
  lang: 'he',
  dir: 'rtl',
  launcher: 'דברו איתנו',
  launcherUnread: (count) =>
    `דברו איתנו, ${plural(count, {
      one: 'הודעה אחת שלא נקראה',
      two: 'שתי הודעות שלא נקראו',
      other: `${count} הודעות שלא נקראו`,
    })}`,
  panel: 'צ׳אט',
  title: 'שירות לקוחות',
  close: 'סגירת הצ׳אט',
  messages: 'הודעות',
  greeting: 'שלום! אפשר לשאול אותנו כל שאלה על המוצר, על ההזמנה או על המשלוח.',
  input: 'הודעה',
  placeholder: 'כתבו הודעה…',
  send: 'שליחה',
  typing: (name) => (name ? `${name} מקליד/ה…` : 'נציג/ה מקליד/ה…'),
  authors: { visitor: 'אני', agent: 'נציג שירות', bot: 'עוזר וירטואלי', system: 'הודעת מערכת' },
  status: { pending: 'בשליחה…', sent: 'נשלחה', read: 'נקראה', failed: 'לא נשלחה' },
  newMessages: 'הודעות חדשות',
  reconnecting: 'החיבור נותק. מתחברים מחדש…',
  offline: 'אין חיבור לאינטרנט. ההודעות יישלחו כשהחיבור יחזור.',
  unavailable: 'הצ׳אט לא זמין כרגע. נסו שוב מאוחר יותר.',
  closed: 'השיחה הסתיימה. אפשר לכתוב הודעה כדי להתחיל שיחה חדשה.',
  tooLong: (max) =>
    `ההודעה ארוכה מדי. אפשר לכתוב עד ${plural(max, { one: 'תו אחד', two: 'שני תווים', other: `${max} תווים` })}.`,
  invalidText: 'ההודעה מכילה תווים שלא ניתן לשלוח.',
  quickReplies: 'תשובות מוצעות',
  away: (when) => `אנחנו לא זמינים כרגע. נחזור אליכם ${when}.`,
  awayNoTime: 'אנחנו לא זמינים כרגע. נחזור אליכם בהקדם האפשרי.',
  openingTime: (day, time) => `${day} בשעה ${time}`,
  emailPrompt: 'השאירו כתובת אימייל ונחזור אליכם, גם אם תסגרו את הדף.',
  emailPlaceholder: 'name@example.com',
  emailSubmit: 'עדכנו אותי',
  emailInvalid: 'יש להזין כתובת אימייל תקינה, למשל ana@example.com.',
  emailSaved: (email) => `תודה! נכתוב לכם לכתובת ${email}.`,
  requestFailed: 'השליחה נכשלה. נסו שוב.',
  ratingQuestion: 'איך הייתה השיחה?',
  ratingScores: ['כוכב אחד, גרועה מאוד', '2 כוכבים, גרועה', '3 כוכבים, סבירה', '4 כוכבים, טובה', '5 כוכבים, מצוינת'],
  ratingComment: 'רוצים להוסיף משהו? (לא חובה)',
  ratingSubmit: 'שליחת הדירוג',
  ratingChooseScore: 'יש לבחור ציון קודם.',
  ratingThanks: 'תודה על המשוב!',
  attach: 'צירוף קובץ',
  dropFiles: 'שחררו את הקבצים כאן כדי לצרף אותם',
  removeAttachment: (name) => `הסרת ${name}`,
  attachmentTooLarge: (name, max) => `הקובץ ${name} גדול מדי. הגודל המרבי הוא ${max}.`,
  attachmentTypeRefused: (name) => `אין לנו אפשרות לקבל קבצים מהסוג של ${name}. נסו תמונה, קובץ PDF או קובץ טקסט.`,
  attachmentFailed: (name) => `לא הצלחנו להעלות את ${name}. נסו שוב.`,
  uploading: 'בהעלאה…',
  tooManyFiles: (max) => `אפשר לשלוח עד ${max} קבצים בבת אחת.`,
  download: (name, size) => `הורדת ${name}, ${size}`,
  viewProduct: 'לצפייה במוצר',
  preChatTitle: 'לפני שמתחילים, ספרו לנו מי אתם.',
  preChatName: 'שם',
  preChatEmail: 'אימייל',
  optional: '(לא חובה)',
  required: (label) => `יש למלא את השדה ${label}.`,
  preChatSubmit: 'התחלת שיחה',
  titleUnread: (count) => `(${count}) ${plural(count, { one: 'הודעה חדשה', other: 'הודעות חדשות' })}`,
  notificationTitle: (name) => `הודעה חדשה מאת ${name}`,
  enableNotifications: 'עדכנו אותי על תשובות',
  dismiss: 'סגירה',
};
