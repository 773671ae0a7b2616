import { describe, expect, it } from 'vitest';
import { LAUNCHER_LABELS, cachedStrings, en, loadStrings, resolveLocale, toSupportedLocale } from './strings.js';

describe('toSupportedLocale', () => {
  it.each(['zh', 'zh-CN', 'zh-cn', 'zh_CN', 'zh-Hans', 'zh-Hans-CN', 'zh-Hans-HK', 'zh-SG'])(
    'maps %s to Simplified Chinese',
    (tag) => {
      expect(toSupportedLocale(tag)).toBe('zh-CN');
    },
  );

  it.each(['en', 'en-US', 'de-DE', 'zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW', 'ja', ''])('maps %s to English', (tag) => {
    expect(toSupportedLocale(tag)).toBe('en');
  });
});

describe('resolveLocale', () => {
  it('lets the first non-empty tag decide: attribute, then page, then browser', () => {
    expect(resolveLocale('zh-CN', 'en', 'en-US')).toBe('zh-CN');
    expect(resolveLocale(undefined, 'zh-Hans', 'en-US')).toBe('zh-CN');
    expect(resolveLocale('', '  ', 'zh-SG')).toBe('zh-CN');
    expect(resolveLocale(null, 'en', 'zh-CN')).toBe('en');
    expect(resolveLocale()).toBe('en');
  });
});

describe('string packs', () => {
  it('serves English at once and loads Simplified Chinese on demand', async () => {
    expect(cachedStrings('en')).toBe(en);
    const zh = await loadStrings('zh-CN');
    expect(zh.lang).toBe('zh-CN');
    expect(zh.send).toBe('发送');
    expect(cachedStrings('zh-CN')).toBe(zh);
    expect(await loadStrings('zh-CN')).toBe(zh);
  });

  it('has every English string in Chinese too, and the loader uses the same launcher names', async () => {
    const zh = await loadStrings('zh-CN');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(zh.status).sort()).toEqual(Object.keys(en.status).sort());
    expect(Object.keys(zh.authors).sort()).toEqual(Object.keys(en.authors).sort());
    expect(zh.launcher).toBe(LAUNCHER_LABELS['zh-CN']);
    expect(en.launcher).toBe(LAUNCHER_LABELS.en);
    expect(zh.typing()).toBe('客服正在输入…');
    expect(en.typing('Anna')).toBe('Anna is typing…');
    expect(en.launcherUnread(1)).toBe('Chat with us, 1 unread message');
    expect(en.launcherUnread(3)).toBe('Chat with us, 3 unread messages');
  });
});
