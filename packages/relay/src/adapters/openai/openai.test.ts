import { createId, type ChatMessage, type VisitorContext } from '@confab/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingRejection } from '../../setting-rejection.js';
import { FakeAdapterConversations, fakeAttemptContext, fakeDelivery, FakeAdapterState } from '../../test-support/fake-adapter-context.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../test-support/fake-openai-server.js';
import { eventually, startTestRelay } from '../../test-support/relay.js';
import { sendMessage } from '../../test-support/socket.js';
import { OptionReader } from '../option-reader.js';
import { OPENAI_OPTIONS, parseOpenAiConfig, type OpenAiAdapterOptions } from './openai-config.js';
import { DEFAULT_SYSTEM_PROMPT, HANDOVER_MARKER } from './openai-prompt.js';
import { openai } from './openai.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function fakeServer(): Promise<FakeOpenAiServer> {
  const server = await startFakeOpenAiServer();
  cleanups.push(() => server.close());
  return server;
}

function config(entry: Partial<OpenAiAdapterOptions> & Record<string, unknown>) {
  return parseOpenAiConfig(new OptionReader({ type: 'openai', ...entry }, 'adapters[0]', OPENAI_OPTIONS, '/'));
}

const KETTLE: VisitorContext = {
  url: 'https://shop.example/p/kettle',
  title: 'Glass kettle',
  locale: 'en-GB',
  product: { name: 'Glass kettle 1.7 L', sku: 'KT-17', price: '39.00', currency: 'EUR', availability: 'InStock' },
};

let seq = 0;
function said(role: ChatMessage['author']['role'], text: string): ChatMessage {
  seq++;
  return { id: `message-${String(seq).padStart(6, '0')}`, seq, author: { role }, text, createdAt: Date.now() };
}

/** A bot on `server` with one conversation whose transcript ends with the shopper's `text`; `ask()` delivers that message. */
function setUp(server: FakeOpenAiServer, text: string, options: { earlier?: ChatMessage[]; entry?: Record<string, unknown> } = {}) {
  const adapter = openai(config({ baseUrl: server.url, model: 'fake-model', apiKey: 'sk-test-key', timeoutMs: 1000, idleTimeoutMs: 300, ...options.entry }));
  const conversations = new FakeAdapterConversations();
  const question = said('visitor', text);
  conversations.add('conv-1', [...(options.earlier ?? []), question], KETTLE, 'openai');
  const state = new FakeAdapterState();
  const context = fakeAttemptContext(conversations, { state });
  const delivery = fakeDelivery('openai', { type: 'message', conversationId: 'conv-1', message: question, context: KETTLE });
  return {
    adapter,
    conversations,
    state,
    log: () => conversations.log('conv-1'),
    ask: () => adapter.attempt(delivery, context),
  };
}

describe('openai adapter', () => {
  it('streams the reply in parts and stores the whole text once, as the bot', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: ['Yes, ', 'the kettle ', 'is in stock ', '— 有货。'], delayMs: 5 });
    const bot = setUp(server, 'Is the kettle in stock?');
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    const [reply] = bot.log().posted;
    expect(reply).toMatchObject({ text: 'Yes, the kettle is in stock — 有货。', role: 'bot', authorName: 'Shop assistant' });
    expect(reply!.streamedParts!.length).toBeGreaterThan(1);
    expect(reply!.streamedParts!.join('')).toBe(reply!.text);
    expect(bot.log().posted).toHaveLength(1);
    expect(bot.log().handovers).toEqual([]);
    expect(bot.log().typing[0]).toBe(true);
  });

  it('sends the model, the key, the product context and the transcript, as a stream request', async () => {
    const server = await fakeServer();
    const earlier = [said('bot', 'Hi! How can I help?'), said('visitor', 'Hello'), said('agent', 'Mia here, hello!')];
    const bot = setUp(server, 'Does the kettle fit 1.7 litres?', { earlier, entry: { temperature: 0.2, maxTokens: 300 } });
    await bot.ask();
    const [request] = await server.waitForRequests(1);
    expect(request!.headers['authorization']).toBe('Bearer sk-test-key');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toMatchObject({ model: 'fake-model', stream: true, temperature: 0.2, max_tokens: 300 });
    const [system, ...transcript] = request!.body!.messages;
    expect(system!.role).toBe('system');
    expect(system!.content).toContain(DEFAULT_SYSTEM_PROMPT);
    expect(system!.content).toContain('- Product: Glass kettle 1.7 L');
    expect(system!.content).toContain('- Price: 39.00 EUR');
    expect(system!.content).toContain('- SKU: KT-17');
    expect(transcript).toEqual([
      { role: 'assistant', content: 'Hi! How can I help?' },
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Mia here, hello!' },
      { role: 'user', content: 'Does the kettle fit 1.7 litres?' },
    ]);
  });

  it('sends only the latest historyLimit messages, and no Authorization header without an apiKey', async () => {
    const server = await fakeServer();
    const earlier = Array.from({ length: 6 }, (_, index) => said(index % 2 === 0 ? 'visitor' : 'bot', `message ${index}`));
    const bot = setUp(server, 'last question', { earlier, entry: { historyLimit: 3, apiKey: undefined } });
    await bot.ask();
    const [request] = await server.waitForRequests(1);
    expect(request!.headers['authorization']).toBeUndefined();
    expect(request!.body!.messages.slice(1)).toEqual([
      { role: 'user', content: 'message 4' },
      { role: 'assistant', content: 'message 5' },
      { role: 'user', content: 'last question' },
    ]);
  });

  it('retries a stream cut before data: [DONE] and stores no half message', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: ['Our kettle ', 'boils in'], end: 'cut' }, { kind: 'stream', tokens: ['Half a '], end: 'reset' });
    const bot = setUp(server, 'How fast does it boil?');
    expect(await bot.ask()).toEqual({ kind: 'retry', reason: 'the stream ended before data: [DONE]' });
    expect(await bot.ask()).toMatchObject({ kind: 'retry' });
    expect(bot.log().posted).toEqual([]);
    expect(bot.log().typing.at(-1)).toBe(false);
    // The next attempt gets a whole answer.
    server.script({ kind: 'stream', tokens: ['Our kettle boils in 4 minutes.'] });
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    expect(bot.log().posted.map((reply) => reply.text)).toEqual(['Our kettle boils in 4 minutes.']);
  });

  it('gives up on a stalled stream after idleTimeoutMs and retries', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: ['Let me ', 'check'], end: 'stall', keepAliveComments: true });
    const bot = setUp(server, 'Where is my order?');
    const started = Date.now();
    expect(await bot.ask()).toEqual({ kind: 'retry', reason: 'the model sent nothing for 300 ms' });
    expect(Date.now() - started).toBeLessThan(900);
    expect(bot.log().posted).toEqual([]);
  });

  it('gives up on a server that does not answer within timeoutMs', async () => {
    const server = await fakeServer();
    server.script({ kind: 'hang' });
    const bot = setUp(server, 'Hello?', { entry: { timeoutMs: 200, idleTimeoutMs: 5000 } });
    expect(await bot.ask()).toEqual({ kind: 'retry', reason: `${server.url}/chat/completions did not answer within 200 ms` });
  });

  it("retries 429 after the server's Retry-After, and 500", async () => {
    const server = await fakeServer();
    server.script(
      { kind: 'status', status: 429, message: 'Rate limit reached for fake-model', headers: { 'retry-after': '7' } },
      { kind: 'status', status: 500, message: 'The server had an error' },
    );
    const bot = setUp(server, 'Hello');
    expect(await bot.ask()).toEqual({
      kind: 'retry',
      retryAfterMs: 7000,
      reason: `fake-model at ${server.url}/chat/completions: HTTP 429 (Rate limit reached for fake-model)`,
    });
    expect(await bot.ask()).toEqual({ kind: 'retry', reason: `fake-model at ${server.url}/chat/completions: HTTP 500 (The server had an error)` });
    expect(bot.log().posted).toEqual([]);
  });

  it('rejects for good on 401, 404 and 400, with the reason the server gave', async () => {
    const server = await fakeServer();
    server.script(
      { kind: 'status', status: 401, message: 'Incorrect API key provided' },
      { kind: 'status', status: 404, message: 'The model `fake-model` does not exist' },
      { kind: 'status', status: 400, body: { object: 'error', message: 'max_tokens is too large', type: 'BadRequestError', code: 400 } },
    );
    const bot = setUp(server, 'Hello');
    expect(await bot.ask()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('HTTP 401 (Incorrect API key provided)') });
    expect(await bot.ask()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('HTTP 404 (The model `fake-model` does not exist)') });
    expect(await bot.ask()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('HTTP 400 (max_tokens is too large)') });
  });

  it('retries when the server cannot be reached', async () => {
    const server = await fakeServer();
    const url = server.url;
    await server.close();
    const bot = setUp({ ...server, url }, 'Hello');
    expect(await bot.ask()).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('retries an error the server reports mid-stream', async () => {
    const server = await fakeServer();
    server.script({ kind: 'raw', chunks: ['data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n', 'data: {"error":{"message":"CUDA out of memory"}}\n\n'] });
    const bot = setUp(server, 'Hello');
    expect(await bot.ask()).toEqual({ kind: 'retry', reason: 'the server failed mid-stream: CUDA out of memory' });
    expect(bot.log().posted).toEqual([]);
  });

  it('reads text cut anywhere, inside a UTF-8 character too, and ignores usage-only chunks', async () => {
    const server = await fakeServer();
    const stream = Buffer.from(
      'data: {"choices":[{"delta":{"role":"assistant"}}]}\r\n\r\n' +
        'data: {"choices":[{"delta":{"content":"您好，"}}]}\r\n\r\n' +
        'data: {"choices":[{"delta":{"content":"有货。"}}]}\r\n\r\n' +
        'data: {"choices":[],"usage":{"total_tokens":9}}\r\n\r\n' +
        'data: [DONE]\r\n\r\n',
    );
    const cuts = [3, 40, 61, 62, 95, 130, stream.length - 3];
    const chunks = cuts.map((cut, index) => stream.subarray(cuts[index - 1] ?? 0, cut));
    chunks.push(stream.subarray(cuts.at(-1)));
    server.script({ kind: 'raw', chunks, delayMs: 5 });
    const bot = setUp(server, '有货吗？');
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    expect(bot.log().posted.map((reply) => reply.text)).toEqual(['您好，有货。']);
  });

  it('rejects a server that answers without streaming', async () => {
    const server = await fakeServer();
    server.script({ kind: 'raw', chunks: ['{"choices":[{"message":{"content":"Hi"}}]}'], contentType: 'application/json' });
    const bot = setUp(server, 'Hello');
    expect(await bot.ask()).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('not a stream') });
  });

  it.each([['转人工'], ['Can I talk to a human please?'], ['我要人工客服']])('hands over without asking the model when the shopper writes %j', async (text) => {
    const server = await fakeServer();
    const bot = setUp(server, text);
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    expect(server.requests).toEqual([]);
    expect(bot.log().handovers).toEqual(['The shopper asked for a person']);
    const [reply] = bot.log().posted;
    expect(reply!.text).toMatch(/\p{Script=Han}/u.test(text) ? /人工客服/u : /a person from our team/u);
    expect(bot.state.entries.size).toBe(0);
  });

  it('hands over when the model writes the marker, and strips it from the reply, even cut over tokens', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: ["I can't change orders myself. ", 'A colleague will take over here. [HAND', 'OVER]'], delayMs: 5 });
    const bot = setUp(server, 'Please change my address on order 1042');
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    const [reply] = bot.log().posted;
    expect(reply!.text).toBe("I can't change orders myself. A colleague will take over here.");
    expect(reply!.streamedParts!.join('')).not.toContain('[');
    expect(bot.log().handovers).toEqual(['The bot could not help with: Please change my address on order 1042']);
  });

  it('says it is handing over when the reply is only the marker, and keeps other brackets', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: [' ', HANDOVER_MARKER.toLowerCase()] }, { kind: 'stream', tokens: ['Sizes [S', ', M] are ', 'left.'] });
    const bot = setUp(server, '退货怎么办？');
    expect(await bot.ask()).toEqual({ kind: 'delivered' });
    expect(bot.log().posted.map((reply) => reply.text)).toEqual(['好的，正在为您转接人工客服，请稍候，客服会在这里回复您。']);
    expect(bot.log().handovers).toHaveLength(1);

    const next = setUp(server, 'Which sizes?');
    expect(await next.ask()).toEqual({ kind: 'delivered' });
    expect(next.log().posted.map((reply) => reply.text)).toEqual(['Sizes [S, M] are left.']);
    expect(next.log().handovers).toEqual([]);
  });

  it('does not answer a conversation a person has taken over, nor messages that are not the shopper’s', async () => {
    const server = await fakeServer();
    const bot = setUp(server, 'Hello');
    bot.conversations.add('conv-2', [said('visitor', 'Hi')], {}, 'console');
    const context = fakeAttemptContext(bot.conversations);
    const taken = fakeDelivery('openai', { type: 'message', conversationId: 'conv-2', message: said('visitor', 'Hi'), context: {} });
    expect(await bot.adapter.attempt(taken, context)).toEqual({ kind: 'delivered' });
    const own = fakeDelivery('openai', { type: 'message', conversationId: 'conv-1', message: said('agent', 'Hello from Mia'), context: {} });
    expect(await bot.adapter.attempt(own, context)).toEqual({ kind: 'delivered' });
    expect(server.requests).toEqual([]);
  });

  it('answers the open question of a conversation handed to it by a bot before it in the chain', async () => {
    const server = await fakeServer();
    server.script({ kind: 'stream', tokens: ['It ships in ', '2 days.'] });
    const bot = setUp(server, 'When does it ship?', { earlier: [said('bot', 'Hi!')] });
    const handover = fakeDelivery('openai', { type: 'handover', conversationId: 'conv-1', from: 'faq', reason: 'The FAQ has no answer', context: KETTLE });
    expect(await bot.adapter.attempt(handover, fakeAttemptContext(bot.conversations))).toEqual({ kind: 'delivered' });
    expect(bot.log().posted.map((reply) => reply.text)).toEqual(['It ships in 2 days.']);
    expect((await server.waitForRequests(1))[0]!.body!.messages.at(-1)).toEqual({ role: 'user', content: 'When does it ship?' });
  });
});

describe('openai adapter in the relay', () => {
  it('shows the reply to the shopper as drafts, then as one message, after retrying a cut stream', async () => {
    const server = await fakeServer();
    server.script(
      { kind: 'stream', tokens: ['Our kettle ', 'boils '], delayMs: 20, end: 'cut' },
      { kind: 'stream', tokens: Array.from({ length: 30 }, (_, index) => `w${index} `), delayMs: 10 },
    );
    const adapter = openai(config({ baseUrl: server.url, model: 'fake-model', idleTimeoutMs: 2000 }));
    const relay = await startTestRelay({ customAdapters: [adapter], routing: { chain: ['openai'] } });
    cleanups.push(() => relay.close());
    const visitor = await relay.visitor();
    await sendMessage(visitor, createId(), 'Tell me about the kettle');
    const expected = Array.from({ length: 30 }, (_, index) => `w${index}`).join(' ');
    const message = await visitor.socket.waitFor('message', (frame) => frame.message.author.role === 'bot', 10_000);
    expect(message.message).toMatchObject({ text: expected, author: { role: 'bot', name: 'Shop assistant' } });
    const frames = visitor.socket.received;
    // The cut attempt's draft was withdrawn; the second attempt's drafts grew up to the message.
    expect(frames.some((frame) => frame.type === 'draft-end')).toBe(true);
    expect(frames.filter((frame) => frame.type === 'draft' && frame.text.startsWith('w0')).length).toBeGreaterThan(1);
    await eventually('both attempts at the model', () => server.requests.length === 2);
    const transcript = await relay.api<{ messages: ChatMessage[] }>('GET', `/v1/agent/conversations/${visitor.welcome.conversationId}/messages`);
    expect(transcript.body.messages.map((stored) => stored.text)).toEqual(['Tell me about the kettle', expected]);
  }, 15_000);
});

describe('parseOpenAiConfig', () => {
  it('fills in the defaults', () => {
    expect(config({ baseUrl: 'http://127.0.0.1:11434/v1/', model: 'qwen2.5:7b' })).toMatchObject({
      type: 'openai',
      name: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:7b',
      apiKey: undefined,
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      temperature: undefined,
      maxTokens: undefined,
      timeoutMs: 30_000,
      idleTimeoutMs: 15_000,
      historyLimit: 20,
      authorName: 'Shop assistant',
      handoverPhrases: expect.arrayContaining(['human', '转人工']),
    });
  });

  it('refuses bad options naming them, and never shows the key', () => {
    const refusal = (entry: Record<string, unknown>) => {
      try {
        config({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', ...entry });
      } catch (error) {
        expect(error).toBeInstanceOf(SettingRejection);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal({ baseUrl: 'ftp://models.example' })).toContain('adapters[0].baseUrl "ftp://models.example" is not an http(s) URL');
    expect(refusal({ baseUrl: 'https://api.openai.com/v1?x=1' })).toContain('must not have a query');
    expect(refusal({ model: undefined })).toContain('adapters[0].model is missing');
    expect(refusal({ model: 'gpt 4' })).toContain('is not a model name');
    expect(refusal({ temperature: 3 })).toContain('adapters[0].temperature 3 is not a number from 0 to 2');
    expect(refusal({ maxTokens: 0 })).toContain('adapters[0].maxTokens 0 is not an integer');
    expect(refusal({ historyLimit: 0 })).toContain('adapters[0].historyLimit');
    expect(refusal({ idleTimeoutMs: 10 })).toContain('adapters[0].idleTimeoutMs');
    expect(refusal({ apiKy: 'x' })).toContain('unknown option "apiKy"');
    const secret = refusal({ apiKey: 'sk-secret with space' });
    expect(secret).toContain('adapters[0].apiKey is not a key without spaces');
    expect(secret).not.toContain('sk-secret');
  });
});
