import { describe, expect, it } from 'vitest';
import { askedForPerson, DEFAULT_HANDOVER_PHRASES, foldForMatching } from './handover-phrases.js';

describe('askedForPerson', () => {
  it('finds an English request for a person whatever the case and spacing', () => {
    expect(askedForPerson('Can I talk to a   HUMAN please?', DEFAULT_HANDOVER_PHRASES)).toBe('human');
    expect(askedForPerson('agent!', DEFAULT_HANDOVER_PHRASES)).toBe('agent');
    expect(askedForPerson('I want to speak to someone', DEFAULT_HANDOVER_PHRASES)).toBe('speak to someone');
  });

  it('finds Chinese requests without spaces, also in full-width text', () => {
    expect(askedForPerson('我要转人工', DEFAULT_HANDOVER_PHRASES)).toBe('转人工');
    expect(askedForPerson('请帮我联系人工客服，谢谢', DEFAULT_HANDOVER_PHRASES)).toBe('人工客服');
    expect(askedForPerson('ＨＵＭＡＮ', DEFAULT_HANDOVER_PHRASES)).toBe('human');
  });

  it('does not find a phrase inside a longer word', () => {
    expect(askedForPerson('Is this kettle inhumane to descale?', DEFAULT_HANDOVER_PHRASES)).toBeUndefined();
    expect(askedForPerson('Which cleaning agents do you sell?', DEFAULT_HANDOVER_PHRASES)).toBeUndefined();
    expect(askedForPerson('What does the kettle cost?', DEFAULT_HANDOVER_PHRASES)).toBeUndefined();
  });

  it('takes a shop\u2019s own phrases and skips empty ones', () => {
    expect(askedForPerson('Mensch bitte', ['', 'mensch'])).toBe('mensch');
    expect(askedForPerson('human', [])).toBeUndefined();
  });
});

describe('foldForMatching', () => {
  it('folds width, case and spaces', () => {
    expect(foldForMatching('  Ｈｅｌｌｏ \n WORLD ')).toBe('hello world');
  });
});
