import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createId, type ChatMessage, type ConversationSummary } from '@confab/protocol';
import { SettingRejection } from '../../setting-rejection.js';
import { FakeAdapterConversations, FakeAdapterState, fakeAttemptContext, fakeDelivery } from '../../test-support/fake-adapter-context.js';
import { eventually, startTestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import type { AdapterConversations } from '../adapter.js';
import { parseAdapterConfigs } from '../adapter-config.js';
import { DEFAULT_HANDOVER_PHRASES } from '../handover-phrases.js';
import { OptionReader } from '../option-reader.js';
import { faq } from './faq.js';
import { FAQ_OPTIONS, parseFaqConfig, type FaqAdapterConfig } from './faq-config.js';

const SHOP_FAQ = fileURLToPath(new URL('../../../../../examples/shop/faq.md', import.meta.url));

const FAQ = `# Test shop

## How long does shipping take?
Also: When will my order arrive?

Two to three working days.

## What is your return policy?
Keywords: refund

Thirty days, no questions asked.

## Which payment methods do you accept?

Cards and PayPal.

## 退货政策是什么？
也问：怎么退货

30 天内可无理由退货。

## 运费和配送时间是多久？

2–3 个工作日送达。
`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-faq-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function read(entry: Record<string, unknown>, baseDir: string): FaqAdapterConfig {
  return parseFaqConfig(new OptionReader({ type: 'faq', ...entry }, 'adapters[0]', FAQ_OPTIONS, baseDir));
}

function refusal(entry: Record<string, unknown>, baseDir: string): string {
  try {
    read(entry, baseDir);
  } catch (error) {
    if (error instanceof SettingRejection) return error.problem;
    throw error;
  }
  throw new Error('the config was accepted');
}

function config(overrides: Partial<FaqAdapterConfig> = {}): FaqAdapterConfig {
  return { ...read({ file: 'faq.md' }, folder({ 'faq.md': FAQ })), ...overrides };
}

const visitorMessage = (text: string): ChatMessage => ({ id: createId(), seq: 1, author: { role: 'visitor' }, text, createdAt: Date.now() });

/** A faq bot over fake conversations, owning conversation c1. */
function bot(overrides: Partial<FaqAdapterConfig> = {}) {
  const conversations = new FakeAdapterConversations();
  conversations.add('c1', [], {}, 'faq');
  const state = new FakeAdapterState();
  const context = fakeAttemptContext(conversations, { state });
  const adapter = faq(config(overrides));
  const ask = async (text: string, deliveryId?: string) => {
    const delivery = fakeDelivery('faq', { type: 'message', conversationId: 'c1', message: visitorMessage(text), context: {} }, deliveryId ? { deliveryId } : {});
    return adapter.attempt(delivery, context);
  };
  return { adapter, conversations, state, context, ask, log: () => conversations.log('c1') };
}

describe('parseFaqConfig', () => {
  it('reads the file relative to the config folder, with defaults for the rest', () => {
    const dir = folder({ 'faq.md': FAQ });
    const parsed = read({ file: 'faq.md' }, dir);
    expect(parsed).toMatchObject({
      type: 'faq',
      name: 'faq',
      file: join(dir, 'faq.md'),
      minScore: 35,
      topQuestions: 4,
      authorName: 'Shop assistant',
      handoverPhrases: [...DEFAULT_HANDOVER_PHRASES],
      greeting: undefined,
      fallback: undefined,
    });
    expect(parsed.entries.map((entry) => entry.question)).toEqual([
      'How long does shipping take?',
      'What is your return policy?',
      'Which payment methods do you accept?',
      '退货政策是什么？',
      '运费和配送时间是多久？',
    ]);
    expect(read({ file: 'faq.md', name: 'help-bot', minScore: 50, topQuestions: 2, greeting: 'Hi!', handoverPhrases: 'person' }, dir)).toMatchObject({
      name: 'help-bot',
      minScore: 50,
      topQuestions: 2,
      greeting: 'Hi!',
      handoverPhrases: ['person'],
    });
  });

  it('reads YAML files too', () => {
    const dir = folder({ 'faq.yaml': '- question: Do you ship abroad?\n  answer: Yes, worldwide.\n' });
    expect(read({ file: 'faq.yaml' }, dir).entries).toMatchObject([{ question: 'Do you ship abroad?', answer: 'Yes, worldwide.' }]);
  });

  it('stops start-up on a bad file, naming the option, the file and the line', () => {
    const dir = folder({ 'bad.md': '## Shipping?\n\n## Returns?\nThirty days.\n', 'bad.yml': '- question: Shipping?\n', 'faq.txt': 'x', 'dots.md': '## ???\nAn answer.\n' });
    expect(refusal({ file: 'bad.md' }, dir)).toBe(`adapters[0].file ${join(dir, 'bad.md')} line 1: the question "Shipping?" has no answer below it`);
    expect(refusal({ file: 'bad.yml' }, dir)).toBe(`adapters[0].file ${join(dir, 'bad.yml')} line 1: entry 1 ("Shipping?") answer is missing`);
    expect(refusal({ file: 'faq.txt' }, dir)).toMatch(/^adapters\[0\]\.file .*faq\.txt line 1: is neither Markdown/);
    expect(refusal({ file: 'dots.md' }, dir)).toBe(`adapters[0].file ${join(dir, 'dots.md')} line 1: the question "???" has no words to match`);
    expect(refusal({ file: 'missing.md' }, dir)).toBe(`adapters[0].file ${join(dir, 'missing.md')} cannot be read (ENOENT)`);
    expect(refusal({}, dir)).toBe('adapters[0].file is missing');
    expect(refusal({ file: 'bad.md', minScor: 10 }, dir)).toMatch(/^adapters\[0\] has an unknown option "minScor"/);
    expect(refusal({ file: 'faq.md', minScore: 0 }, folder({ 'faq.md': FAQ }))).toBe('adapters[0].minScore 0 is not an integer from 1 to 100 (percent)');
  });

  it('takes the entries inline instead of a file, checked the same way', () => {
    const parsed = read({ entries: [{ question: 'Do you ship abroad?', answer: 'Yes.', keywords: 'abroad, international' }] }, process.cwd());
    expect(parsed.file).toBeUndefined();
    expect(parsed.entries).toEqual([{ question: 'Do you ship abroad?', answer: 'Yes.', alternatives: [], keywords: ['abroad', 'international'], line: 1 }]);
    expect(refusal({ entries: [] }, process.cwd())).toBe('adapters[0].entries is not a non-empty list of { question, answer } entries');
    expect(refusal({ entries: [{ question: 'Shipping?', answer: 'Yes.' }, { question: 'Returns?' }] }, process.cwd())).toBe(
      'adapters[0].entries entry 2 ("Returns?") answer is missing',
    );
    expect(refusal({ entries: [{ question: 'Shipping?', answer: 'Yes.' }, { question: 'SHIPPING?', answer: 'No.' }] }, process.cwd())).toBe(
      'adapters[0].entries the question "SHIPPING?" is asked by entry 1 already',
    );
  });

  it('reads a parsed config given back again from its file, as createRelay(loadConfig().config) does', () => {
    const dir = folder({ 'faq.md': FAQ });
    const [first] = parseAdapterConfigs([{ type: 'faq', file: 'faq.md', greeting: 'Hi!' }], dir);
    writeFileSync(join(dir, 'faq.md'), '## Do you ship abroad?\nYes, worldwide.\n');
    const [again] = parseAdapterConfigs([first], '/elsewhere');
    expect(again).toMatchObject({ type: 'faq', file: join(dir, 'faq.md'), greeting: 'Hi!', entries: [{ question: 'Do you ship abroad?' }] });
  });

  it('accepts the example shop FAQ: 12 entries, six in each language', () => {
    const entries = read({ file: SHOP_FAQ }, process.cwd()).entries;
    expect(entries).toHaveLength(12);
    expect(entries.filter((entry) => /\p{Script=Han}/u.test(entry.question))).toHaveLength(6);
  });
});

describe('faq', () => {
  it('answers an English question with its answer and the other top English questions as quick replies', async () => {
    const { ask, log } = bot();
    expect(await ask('how long does shipping take')).toEqual({ kind: 'delivered' });
    expect(log().posted).toEqual([
      {
        id: expect.stringMatching(/^faq-/),
        text: 'Two to three working days.',
        role: 'bot',
        authorName: 'Shop assistant',
        quickReplies: ['What is your return policy?', 'Which payment methods do you accept?'],
      },
    ]);
    expect(log().handovers).toEqual([]);
  });

  it('answers a Chinese question in Chinese, with the Chinese questions as quick replies', async () => {
    const { ask, log } = bot();
    await ask('退货政策是什么');
    expect(log().posted).toMatchObject([{ text: '30 天内可无理由退货。', quickReplies: ['运费和配送时间是多久？'] }]);
    await ask('我想退货');
    expect(log().posted[1]).toMatchObject({ text: '30 天内可无理由退货。' });
  });

  it.each(['Can I talk to a human?', '转人工', '我要人工客服'])('hands over when the shopper writes %j, and says so', async (text) => {
    const { ask, log } = bot();
    await ask(text);
    expect(log().handovers).toEqual(['The shopper asked for a person']);
    expect(log().posted).toHaveLength(1);
    expect(log().posted[0]!.text).toMatch(/\p{Script=Han}/u.test(text) ? /人工客服/ : /person/);
    expect(log().posted[0]!.quickReplies).toBeUndefined();
  });

  it('hands over with the fallback text when the FAQ has no answer', async () => {
    const { ask, log } = bot({ fallback: 'Let me find someone who knows.' });
    await ask('Is it raining in Paris?');
    expect(log().handovers).toEqual(['The FAQ has no answer to: Is it raining in Paris?']);
    expect(log().posted).toMatchObject([{ text: 'Let me find someone who knows.', role: 'bot' }]);
  });

  it('offers the top questions when it has no answer and nobody to hand over to', async () => {
    const { ask, log, conversations } = bot();
    conversations.nextResponder = undefined;
    await ask('今天天气怎么样');
    expect(log().posted).toMatchObject([{ text: expect.stringContaining('我可以回答'), quickReplies: ['退货政策是什么？', '运费和配送时间是多久？'] }]);
  });

  it('still answers a shopper asking for a person when it is last in the chain', async () => {
    const { ask, log, conversations } = bot();
    conversations.nextResponder = undefined;
    await ask('agent please');
    expect(log().handovers).toEqual(['The shopper asked for a person']);
    expect(log().posted).toMatchObject([{ text: expect.stringContaining('person from our team') }]);
  });

  it('posts once when the same delivery is attempted again', async () => {
    const { ask, log } = bot();
    await ask('What is your return policy?', 'dlv_retried_000001');
    await ask('What is your return policy?', 'dlv_retried_000001');
    expect(log().posted).toHaveLength(1);
  });

  it('still says it handed over when a retry finds the conversation already handed over by its first attempt', async () => {
    const { adapter, conversations, context, log } = bot();
    let isFirst = true;
    // The first attempt hands over, then the relay stops before the reply is stored.
    const flaky: AdapterConversations = {
      postMessage: async (conversationId, reply) => {
        if (isFirst) {
          isFirst = false;
          throw new Error('the relay stopped');
        }
        return conversations.postMessage(conversationId, reply);
      },
      streamMessage: conversations.streamMessage.bind(conversations),
      typing: conversations.typing.bind(conversations),
      close: conversations.close.bind(conversations),
      handOver: conversations.handOver.bind(conversations),
      get: conversations.get.bind(conversations),
      transcript: conversations.transcript.bind(conversations),
    };
    const delivery = fakeDelivery('faq', { type: 'message', conversationId: 'c1', message: visitorMessage('转人工'), context: {} });
    await expect(adapter.attempt(delivery, { ...context, conversations: flaky })).rejects.toThrow('the relay stopped');
    expect((await conversations.get('c1'))?.responder).toBe('console');
    expect(await adapter.attempt(delivery, { ...context, conversations: flaky })).toEqual({ kind: 'delivered' });
    expect(log().posted).toMatchObject([{ text: expect.stringContaining('人工客服') }]);
  });

  it('stays quiet in a conversation another responder owns, and ignores agents and bots', async () => {
    const { adapter, conversations, context, log } = bot();
    conversations.add('c2', [], {}, 'console');
    await adapter.attempt(fakeDelivery('faq', { type: 'message', conversationId: 'c2', message: visitorMessage('What is your return policy?'), context: {} }), context);
    expect(conversations.log('c2').posted).toEqual([]);
    const agentMessage: ChatMessage = { ...visitorMessage('What is your return policy?'), author: { role: 'agent', name: 'Ana' } };
    await adapter.attempt(fakeDelivery('faq', { type: 'message', conversationId: 'c1', message: agentMessage, context: {} }), context);
    expect(log().posted).toEqual([]);
  });

  it('greets a new conversation with the top questions in the locale’s language when a greeting is set', async () => {
    const { adapter, conversations, context, log } = bot({ greeting: 'Hi! Ask me anything.' });
    await adapter.attempt(fakeDelivery('faq', { type: 'conversation-started', conversationId: 'c1', context: { locale: 'zh-CN' } }), context);
    expect(log().posted).toMatchObject([{ text: 'Hi! Ask me anything.', quickReplies: ['退货政策是什么？', '运费和配送时间是多久？'] }]);
    const silent = bot();
    await silent.adapter.attempt(fakeDelivery('faq', { type: 'conversation-started', conversationId: 'c1', context: {} }), silent.context);
    expect(silent.log().posted).toEqual([]);
    expect(conversations.log('c1').handovers).toEqual([]);
  });

  it('answers on a real relay and hands the conversation to the console on "人工客服"', async () => {
    const dir = folder({ 'faq.md': FAQ });
    const relay = await startTestRelay({ adapters: [{ type: 'faq', file: join(dir, 'faq.md') }], routing: { chain: ['faq', 'console'] } });
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'When will my order arrive?');
    const answer = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot');
    expect(answer.message).toMatchObject({
      text: 'Two to three working days.',
      author: { role: 'bot', name: 'Shop assistant' },
      quickReplies: ['What is your return policy?', 'Which payment methods do you accept?'],
    });
    await sendMessage(visitor, createId(), '人工客服');
    const summary = await eventually('the hand-over', async () => {
      const { body } = await relay.api<ConversationSummary>('GET', `/v1/agent/conversations/${conversationId}`);
      return body.responder === 'console' ? body : undefined;
    });
    expect(summary.responder).toBe('console');
    const said = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot' && frame.message.text.includes('人工客服'));
    expect(said.message.quickReplies).toBeUndefined();
  });
});
