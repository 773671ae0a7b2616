import { describe, expect, it } from 'vitest';
import { enExtra, withExtras } from './extra-strings.js';
import { formatOpeningTime } from './opening-time.js';
import {
  LAUNCHER_LABELS,
  cachedStrings,
  en,
  loadStrings,
  resolveLocale,
  toSupportedLocale,
  type Strings,
  type SupportedLocale,
} from './strings.js';

/** A language pack with its extra strings. */
const fullPack = async (locale: SupportedLocale) => withExtras(await loadStrings(locale));

const EXTRA_LOCALES = ['zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'ar', 'he'] as const satisfies readonly SupportedLocale[];

/** The keys of `Strings` whose values are functions, each with the argument lists to try it with. */
type Samples = { [K in keyof Strings as Strings[K] extends (...args: never[]) => string ? K : never]: Parameters<Extract<Strings[K], (...args: never[]) => string>>[] };

// Sample arguments for every function; the type makes a new function key fail to compile here.
const samples: Samples = {
  launcherUnread: [[1], [2], [3], [11], [100]],
  typing: [[], ['Anna']],
  tooLong: [[1], [2], [5], [11], [4000]],
  away: [['SAMPLE-WHEN']],
  openingTime: [['SAMPLE-DAY', '9:00']],
  emailSaved: [['ana@example.com']],
  removeAttachment: [['photo.png']],
  attachmentTooLarge: [['photo.png', '10 MB']],
  attachmentTypeRefused: [['setup.exe']],
  attachmentFailed: [['photo.png']],
  download: [['invoice.pdf', '2.4 MB']],
  required: [['Name']],
  titleUnread: [[1], [2], [3], [11], [100]],
  notificationTitle: [['Anna']],
  tooManyFiles: [[10]],
};

/** Every text a pack can produce: plain strings, nested labels, and each function's output for the samples. */
function allTexts(strings: Strings): Array<{ key: string; text: string; args: readonly unknown[] }> {
  const texts: Array<{ key: string; text: string; args: readonly unknown[] }> = [];
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'function') {
      const argLists = (samples as Record<string, unknown[][]>)[key];
      expect(argLists, `sample arguments for ${key}`).toBeDefined();
      for (const args of argLists!) texts.push({ key, text: (value as (...a: unknown[]) => string)(...args), args });
    } else if (typeof value === 'string') {
      texts.push({ key, text: value, args: [] });
    } else {
      for (const [inner, text] of Object.entries(value as Record<string, string>)) texts.push({ key: `${key}.${inner}`, text, args: [] });
    }
  }
  return texts;
}

describe('toSupportedLocale', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-Hant-CN', 'zh-TW'],
    ['zh-TW', 'zh-TW'],
    ['zh_TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['ko', 'ko'],
    ['ko-KR', 'ko'],
    ['es', 'es'],
    ['es-ES', 'es'],
    ['es-MX', 'es'],
    ['es-419', 'es'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['de_CH', 'de'],
    ['pt', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['pt-AO', 'pt-BR'],
    ['ar', 'ar'],
    ['ar-EG', 'ar'],
    ['ar-SA', 'ar'],
    ['he', 'he'],
    ['he-IL', 'he'],
    ['iw', 'he'],
    ['iw-IL', 'he'],
    [' FR-fr ', 'fr'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['it-IT', 'en'],
    ['ru', 'en'],
    ['nl', 'en'],
    ['constructor', 'en'],
    ['', 'en'],
  ] as const)('maps %j to %s', (tag, expected) => {
    expect(toSupportedLocale(tag)).toBe(expected);
  });

  it('maps every language with a launcher label, that is every shipped one, to itself', () => {
    for (const locale of Object.keys(LAUNCHER_LABELS)) expect(toSupportedLocale(locale)).toBe(locale);
  });
});

describe('resolveLocale', () => {
  it('lets the first non-empty tag decide: attribute, then page, then browser', () => {
    expect(resolveLocale('zh-CN', 'en', 'en-US')).toBe('zh-CN');
    expect(resolveLocale(undefined, 'zh-Hant', 'en-US')).toBe('zh-TW');
    expect(resolveLocale('', '  ', 'he-IL')).toBe('he');
    expect(resolveLocale(null, 'en', 'ar')).toBe('en');
    expect(resolveLocale()).toBe('en');
  });
});

describe('LAUNCHER_LABELS', () => {
  it('has a non-empty label for every shipped language and nothing else', () => {
    expect(Object.keys(LAUNCHER_LABELS).sort()).toEqual(['en', ...EXTRA_LOCALES].sort());
    for (const label of Object.values(LAUNCHER_LABELS)) expect(label.trim()).not.toBe('');
  });
});

describe('string packs', () => {
  it('serves English at once and loads every other language on demand, once', async () => {
    expect(cachedStrings('en')).toBe(en);
    expect(await loadStrings('en')).toBe(en);
    for (const locale of EXTRA_LOCALES) {
      const strings = await loadStrings(locale);
      expect(strings.lang).toBe(locale);
      expect(strings).not.toBe(en);
      expect(cachedStrings(locale)).toBe(strings);
      expect(await loadStrings(locale)).toBe(strings);
    }
  });

  it('falls back to English for a locale this build does not ship', async () => {
    expect(await loadStrings('it' as SupportedLocale)).toBe(en);
  });

  it('keeps the English extra strings out of the panel strings, and adds them on request', () => {
    const english = withExtras(en);
    expect(Object.keys(en).filter((key) => key in enExtra)).toEqual([]);
    expect(english).toEqual({ ...en, ...enExtra });
    // The same object every time, so Lit sees no property change.
    expect(withExtras(en)).toBe(english);
  });

  it('takes a pack’s own extra strings as they are', async () => {
    const german = (await loadStrings('de')) as Strings;
    expect(withExtras(german)).toBe(german);
  });

  it.each(EXTRA_LOCALES)('%s has exactly the keys of the English pack', async (locale) => {
    const strings = (await loadStrings(locale)) as Strings;
    const english = withExtras(en);
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
    expect(Object.keys(strings.status).sort()).toEqual(Object.keys(en.status).sort());
    expect(Object.keys(strings.authors).sort()).toEqual(Object.keys(en.authors).sort());
    expect(strings.ratingScores).toHaveLength(5);
    for (const key of Object.keys(english) as Array<keyof Strings>) expect(typeof strings[key], key).toBe(typeof english[key]);
  });

  it.each(['en', ...EXTRA_LOCALES] as const)('%s says nothing empty, unfilled or half-English', async (locale) => {
    const strings = withExtras(await loadStrings(locale));
    for (const { key, text, args } of allTexts(strings)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).not.toMatch(/[{}]|undefined|NaN|\[object/);
      for (const arg of args) if (typeof arg === 'string') expect(text, key).toContain(arg);
      const english = (withExtras(en) as unknown as Record<string, unknown>)[key];
      // Sentences must be translated; short words such as "Chat" may rightly be the same.
      if (locale !== 'en' && typeof english === 'string' && english.length > 16) expect(text, key).not.toBe(english);
    }
    for (const score of [1, 2, 3, 4, 5]) expect(strings.ratingScores[score - 1]).not.toBe('');
  });

  it.each(['en', ...EXTRA_LOCALES] as const)('%s launcher name is the one the loader paints', async (locale) => {
    const strings = await loadStrings(locale);
    expect(strings.launcher).toBe(LAUNCHER_LABELS[locale]);
    expect(strings.launcherUnread(2)).toContain(LAUNCHER_LABELS[locale]);
  });

  it('writes Arabic and Hebrew right to left, the rest left to right', async () => {
    for (const locale of ['en', ...EXTRA_LOCALES] as const) {
      expect((await loadStrings(locale)).dir, locale).toBe(locale === 'ar' || locale === 'he' ? 'rtl' : 'ltr');
    }
  });
});

describe('plurals', () => {
  it('counts in English and keeps its existing wording', () => {
    expect(en.typing('Anna')).toBe('Anna is typing…');
    expect(en.launcherUnread(1)).toBe('Chat with us, 1 unread message');
    expect(en.launcherUnread(3)).toBe('Chat with us, 3 unread messages');
  });

  it('uses all six Arabic plural forms', async () => {
    const ar = await fullPack('ar');
    expect([0, 1, 2, 3, 11, 100].map((count) => ar.launcherUnread(count))).toEqual([
      'تحدث معنا، لا توجد رسائل غير مقروءة',
      'تحدث معنا، رسالة واحدة غير مقروءة',
      'تحدث معنا، رسالتان غير مقروءتين',
      'تحدث معنا، 3 رسائل غير مقروءة',
      'تحدث معنا، 11 رسالة غير مقروءة',
      'تحدث معنا، 100 رسالة غير مقروءة',
    ]);
    expect([1, 2, 3, 11, 100].map((max) => ar.tooLong(max).replace('هذه الرسالة طويلة جدًا. الحد الأقصى هو ', ''))).toEqual([
      'حرف واحد.',
      'حرفان.',
      '3 أحرف.',
      '11 حرفًا.',
      '100 حرف.',
    ]);
    expect(ar.titleUnread(2)).toBe('(2) رسالتان جديدتان');
    expect(ar.titleUnread(5)).toBe('(5) رسائل جديدة');
    expect(ar.titleUnread(12)).toBe('(12) رسالة جديدة');
  });

  it('uses the Hebrew dual for two', async () => {
    const he = await fullPack('he');
    expect(he.launcherUnread(1)).toBe('דברו איתנו, הודעה אחת שלא נקראה');
    expect(he.launcherUnread(2)).toBe('דברו איתנו, שתי הודעות שלא נקראו');
    expect(he.launcherUnread(3)).toBe('דברו איתנו, 3 הודעות שלא נקראו');
    expect(he.launcherUnread(20)).toBe('דברו איתנו, 20 הודעות שלא נקראו');
    expect(he.tooLong(2)).toContain('שני תווים');
    expect(he.titleUnread(1)).toBe('(1) הודעה חדשה');
    expect(he.titleUnread(7)).toBe('(7) הודעות חדשות');
  });

  it('counts zero as singular in French and Brazilian Portuguese, but not in Spanish or German', async () => {
    const [fr, pt, es, de] = await Promise.all([fullPack('fr'), fullPack('pt-BR'), fullPack('es'), fullPack('de')]);
    expect(fr.titleUnread(0)).toBe('(0) Nouveau message');
    expect(fr.titleUnread(1)).toBe('(1) Nouveau message');
    expect(fr.titleUnread(2)).toBe('(2) Nouveaux messages');
    expect(pt.launcherUnread(0)).toBe('Fale conosco, 0 mensagem não lida');
    expect(pt.launcherUnread(4)).toBe('Fale conosco, 4 mensagens não lidas');
    expect(es.launcherUnread(0)).toBe('Chat en vivo, 0 mensajes sin leer');
    expect(es.launcherUnread(1)).toBe('Chat en vivo, 1 mensaje sin leer');
    expect(de.launcherUnread(1)).toBe('Live-Chat, 1 ungelesene Nachricht');
    expect(de.launcherUnread(9)).toBe('Live-Chat, 9 ungelesene Nachrichten');
  });
});

describe('opening times in each language', () => {
  // Thursday 4 December 2025, 20:30 in Berlin (as in opening-time.test.ts).
  const zone = { now: Date.UTC(2025, 11, 4, 19, 30), timeZone: 'Europe/Berlin' };
  const berlin = (day: number, hour: number, minute = 0) => Date.UTC(2025, 11, day, hour - 1, minute);

  it('puts the article or preposition each language needs before a weekday or a date', async () => {
    const [es, fr, de, pt] = await Promise.all([fullPack('es'), fullPack('fr'), fullPack('de'), fullPack('pt-BR')]);
    // ICU versions differ on a leading zero for the hour.
    expect(formatOpeningTime(berlin(5, 9), es, zone)).toMatch(/^mañana a las 0?9:00$/);
    expect(formatOpeningTime(berlin(5, 1, 30), es, zone)).toMatch(/^mañana a la 0?1:30$/);
    expect(formatOpeningTime(berlin(8, 9), es, zone)).toMatch(/^el lunes a las 0?9:00$/);
    expect(formatOpeningTime(berlin(12, 9), es, zone)).toMatch(/^el 12 de diciembre a las 0?9:00$/);
    expect(formatOpeningTime(berlin(5, 9), fr, zone)).toMatch(/^demain à 0?9:00$/);
    expect(formatOpeningTime(berlin(12, 9), fr, zone)).toMatch(/^le 12 décembre à 0?9:00$/);
    expect(formatOpeningTime(berlin(4, 22), de, zone)).toBe('heute um 22:00 Uhr');
    expect(formatOpeningTime(berlin(8, 9), de, zone)).toMatch(/^am Montag um 0?9:00 Uhr$/);
    expect(formatOpeningTime(berlin(12, 9), de, zone)).toMatch(/^am 12\. Dezember um 0?9:00 Uhr$/);
    expect(formatOpeningTime(berlin(12, 9), pt, zone)).toMatch(/^no dia 12 de dezembro às 0?9:00$/);
    expect(es.away(formatOpeningTime(berlin(5, 9), es, zone))).toMatch(/^Ahora no estamos disponibles; le responderemos mañana a las 0?9:00\.$/);
  });

  it('reads naturally in Arabic, Hebrew, Japanese, Korean and Traditional Chinese', async () => {
    const [ar, he, ja, ko, tw] = await Promise.all(['ar', 'he', 'ja', 'ko', 'zh-TW'].map((locale) => fullPack(locale as SupportedLocale)));
    expect(formatOpeningTime(berlin(5, 9), ar!, zone)).toMatch(/^غدًا الساعة /);
    expect(formatOpeningTime(berlin(5, 9), he!, zone)).toMatch(/^מחר בשעה 0?9:00$/);
    expect(formatOpeningTime(berlin(5, 9), ja!, zone)).toMatch(/^明日 0?9:00$/);
    expect(formatOpeningTime(berlin(5, 9), ko!, zone)).toMatch(/^내일 /);
    expect(formatOpeningTime(berlin(5, 9), tw!, zone)).toMatch(/^明天 /);
  });
});
