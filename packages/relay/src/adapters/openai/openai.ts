import type { ChatMessage, VisitorContext } from '@confab/protocol';
import type { Adapter, AttemptContext, StreamedReply } from '../adapter.js';
import { askedForPerson } from '../handover-phrases.js';
import { outcomeOfHttpStatus, type AttemptOutcome } from '../../outbox/retry-policy.js';
import type { OpenAiAdapterConfig } from './openai-config.js';
import { buildChatMessages, HANDOVER_MARKER } from './openai-prompt.js';
import { SseParser } from './openai-sse.js';

const HAN = /\p{Script=Han}/u;

/** What the bot says itself, in the language of the shopper's message (Chinese if it has Han characters, else English). */
const SAYS = {
  en: {
    handingOver: "I'll get a person from our team for you. They'll answer here.",
    cannotHelp: "I'm sorry, I can't help with that here.",
  },
  zh: {
    handingOver: '好的，正在为您转接人工客服，请稍候，客服会在这里回复您。',
    cannotHelp: '抱歉，这个问题我暂时无法回答。',
  },
};

const DELIVERED: AttemptOutcome = { kind: 'delivered' };
/** {@link HANDOVER_MARKER} as models write it (any case, spaces inside), with the spaces around it. */
const MARKER_PATTERN = /[ \t]*\[\s*HANDOVER\s*\][ \t]*/giu;
const MARKER_UPPER = HANDOVER_MARKER.toUpperCase();

/** Why a streamed completion could not be used; always retried. */
class CompletionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompletionFailure';
  }
}

/**
 * Takes the hand-over marker out of a reply as it streams: the marker may arrive cut over several
 * tokens, so text that could be its beginning is held back until it is known, and so is trailing
 * space (which the marker often follows) until more text comes.
 */
class MarkerFilter {
  isMarked = false;
  #pending = '';
  #hasText = false;

  async *apply(parts: AsyncIterable<string>): AsyncGenerator<string> {
    for await (const part of parts) {
      const shown = this.#take(part);
      if (shown !== '') yield shown;
    }
    const rest = this.#hasText ? this.#pending.trimEnd() : this.#pending.trim();
    if (rest !== '') yield rest;
  }

  #take(part: string): string {
    const pending = this.#pending + part;
    const stripped = pending.replace(MARKER_PATTERN, ' ');
    if (stripped !== pending) this.isMarked = true;
    const bracket = stripped.lastIndexOf('[');
    const tail = bracket === -1 ? '' : stripped.slice(bracket);
    const hold = tail !== '' && tail.length <= 24 && MARKER_UPPER.startsWith(tail.replace(/\s+/gu, '').toUpperCase()) ? bracket : stripped.length;
    let shown = stripped.slice(0, hold);
    const trailing = /\s*$/u.exec(shown)?.[0] ?? '';
    shown = shown.slice(0, shown.length - trailing.length);
    this.#pending = trailing + stripped.slice(hold);
    if (!this.#hasText) shown = shown.trimStart();
    if (shown !== '') this.#hasText = true;
    return shown;
  }
}

/** The text of one `data:` payload of a chat completion stream; throws when the server reports an error in it. */
function contentOf(data: string): string | undefined {
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    throw new CompletionFailure(`the stream sent data that is not JSON: ${data.slice(0, 100)}`);
  }
  if (typeof chunk !== 'object' || chunk === null) return undefined;
  const { error, choices } = chunk as { error?: { message?: unknown }; choices?: unknown };
  // vLLM and some proxies report a failure mid-stream as a data event with an `error` object.
  if (error !== undefined) throw new CompletionFailure(`the server failed mid-stream: ${String(error?.message ?? 'no message').slice(0, 200)}`);
  // A usage-only chunk (stream_options.include_usage) has no choices.
  if (!Array.isArray(choices)) return undefined;
  const content = (choices[0] as { delta?: { content?: unknown } } | undefined)?.delta?.content;
  return typeof content === 'string' ? content : undefined;
}

/** The text parts of a chat completion stream; throws unless it ends with `data: [DONE]`. */
async function* completionParts(body: AsyncIterable<Uint8Array>, onEvent: () => void): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const bytes of body) {
    for (const event of parser.push(decoder.decode(bytes, { stream: true }))) {
      onEvent();
      if (event.data === '[DONE]') return;
      const content = contentOf(event.data);
      if (content) yield content;
    }
  }
  throw new CompletionFailure('the stream ended before data: [DONE]');
}

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

/** The error message an OpenAI-compatible server put in its error body, if any. */
function errorMessageOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message ?? body.detail);
    return typeof message === 'string' && message !== '' ? message.slice(0, 200) : undefined;
  } catch {
    return text.trim() === '' ? undefined : text.trim().slice(0, 200);
  }
}

/** One reply per delivery: the id makes a retried attempt store the same message once. */
function replyId(deliveryId: string): string {
  return `openai-${deliveryId}`.slice(0, 64);
}

/** Calls `onFire` when `reset` has not been called for `ms`. */
function watchdog(ms: number, onFire: () => void): { reset(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    reset() {
      clearTimeout(timer);
      timer = setTimeout(onFire, ms);
    },
    stop() {
      clearTimeout(timer);
    },
  };
}

/**
 * The `openai` adapter (docs/adapters/openai.md): a bot on any OpenAI-compatible chat completions
 * server (OpenAI, vLLM, Ollama). It sends the model the shopper's page and product and the latest
 * messages, streams the reply to the shopper as it comes, and hands the conversation to the next
 * responder of the routing chain when the shopper asks for a person or the model says it cannot
 * help (with {@link HANDOVER_MARKER}). A stall, a cut stream, 429 and 5xx are retried; other 4xx
 * answers (a wrong key, model or URL) dead-letter the delivery. It answers only as the responder.
 * @example
 * openai(parseOpenAiConfig(new OptionReader({ type: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5:7b' }, 'adapters[0]', OPENAI_OPTIONS, '.')));
 */
export function openai(config: OpenAiAdapterConfig): Adapter {
  const endpoint = `${config.baseUrl}/chat/completions`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (config.apiKey !== undefined) headers['authorization'] = `Bearer ${config.apiKey}`;
  const streamed: StreamedReply = { role: 'bot', authorName: config.authorName };

  async function isResponder(context: AttemptContext, conversationId: string): Promise<boolean> {
    const conversation = await context.conversations.get(conversationId);
    if (!conversation || conversation.status === 'closed') return false;
    return conversation.responder === undefined || conversation.responder === config.name;
  }

  async function post(context: AttemptContext, conversationId: string, deliveryId: string, text: string): Promise<void> {
    await context.conversations.postMessage(conversationId, { id: replyId(deliveryId), text, ...streamed });
  }

  /**
   * Hands over. The attempt may be cut after the hand-over and made again, when the conversation
   * is no longer ours: the note in state tells that retry the hand-over was ours.
   */
  async function handOver(context: AttemptContext, conversationId: string, deliveryId: string, reason: string): Promise<boolean> {
    const note = `handover:${deliveryId}`;
    const wasAsked = (await context.state.get(note)) !== undefined;
    await context.state.set(note, '1');
    const outcome = await context.conversations.handOver(conversationId, reason);
    return outcome.kind === 'handed-over' || (wasAsked && outcome.kind === 'not-owner');
  }

  /** The latest messages up to `question`, oldest first; undefined when the conversation is gone. */
  async function history(context: AttemptContext, conversationId: string, question: ChatMessage): Promise<ChatMessage[] | undefined> {
    const page = await context.conversations.transcript(conversationId, { after: Math.max(0, question.seq - config.historyLimit), limit: config.historyLimit });
    if (!page) return undefined;
    const messages = page.messages.filter((message) => message.seq <= question.seq);
    if (!messages.some((message) => message.id === question.id)) messages.push(question);
    return messages.slice(-config.historyLimit);
  }

  /** Answers an HTTP error: 429 and 5xx are retried (after `Retry-After`), other statuses dead-letter. */
  async function refusal(response: Response): Promise<AttemptOutcome> {
    const detail = errorMessageOf(await response.text().catch(() => ''));
    const outcome = outcomeOfHttpStatus(response.status, response.headers.get('retry-after'), Date.now());
    const reason = `${config.model} at ${endpoint}: HTTP ${response.status}${detail === undefined ? '' : ` (${detail})`}`;
    if (outcome.kind === 'delivered') return { kind: 'retry', reason };
    return { ...outcome, reason };
  }

  /** Asks the model and streams its answer to `question` into the conversation. */
  async function answerWithModel(context: AttemptContext, conversationId: string, deliveryId: string, question: ChatMessage, visitorContext: VisitorContext): Promise<AttemptOutcome> {
    const transcript = await history(context, conversationId, question);
    if (!transcript) return DELIVERED;
    const body: Record<string, unknown> = { model: config.model, messages: buildChatMessages({ systemPrompt: config.systemPrompt, context: visitorContext, transcript }), stream: true };
    if (config.temperature !== undefined) body['temperature'] = config.temperature;
    if (config.maxTokens !== undefined) body['max_tokens'] = config.maxTokens;

    // One controller for the whole answer that follows the relay's signal itself: a signal from
    // AbortSignal.any() that only fetch() refers to can be collected and never abort (deadline.ts).
    const stop = new AbortController();
    const onStopping = () => stop.abort(context.signal.reason);
    if (context.signal.aborted) onStopping();
    else context.signal.addEventListener('abort', onStopping, { once: true });
    let failure: string | undefined;
    const fail = (reason: string) => {
      failure ??= reason;
      stop.abort(new CompletionFailure(reason));
    };
    const reasonOf = (error: unknown): string => {
      if (failure !== undefined) return failure;
      if (context.signal.aborted) return 'the relay is stopping';
      const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      const message = error instanceof Error ? error.message : String(error);
      return typeof cause === 'string' ? `${message} (${cause})` : message;
    };
    const idle = watchdog(config.idleTimeoutMs, () => fail(`the model sent nothing for ${config.idleTimeoutMs} ms`));
    let unanswered: NodeJS.Timeout | undefined;
    let isPosted = false;
    try {
      await context.conversations.typing(conversationId, true, config.authorName);
      let response: Response;
      try {
        unanswered = setTimeout(() => fail(`${endpoint} did not answer within ${config.timeoutMs} ms`), config.timeoutMs);
        response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(body), signal: stop.signal });
      } catch (error) {
        return { kind: 'retry', reason: reasonOf(error) };
      } finally {
        clearTimeout(unanswered);
      }
      idle.reset();
      if (!response.ok) return await refusal(response);
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream') || !response.body) {
        return { kind: 'rejected', reason: `${endpoint} answered with ${type || 'no content-type'}, not a stream (text/event-stream)` };
      }

      const filter = new MarkerFilter();
      const parts = filter.apply(completionParts(response.body, () => idle.reset()))[Symbol.asyncIterator]();
      let first: IteratorResult<string>;
      try {
        first = await parts.next();
      } catch (error) {
        return { kind: 'retry', reason: reasonOf(error) };
      }
      const says = SAYS[HAN.test(question.text) ? 'zh' : 'en'];
      const reason = `The bot could not help with: ${question.text.slice(0, 200)}`;
      if (first.done) {
        if (!filter.isMarked) return { kind: 'retry', reason: `${config.model} sent an empty reply` };
        const isHandedOver = await handOver(context, conversationId, deliveryId, reason);
        await post(context, conversationId, deliveryId, isHandedOver ? says.handingOver : says.cannotHelp);
        isPosted = true;
        await context.state.delete(`handover:${deliveryId}`);
        return DELIVERED;
      }
      // A person may have taken the conversation over while the model was thinking.
      if (!(await isResponder(context, conversationId))) return DELIVERED;
      try {
        const outcome = await context.conversations.streamMessage(conversationId, { id: replyId(deliveryId), ...streamed }, prepend(first.value, parts));
        isPosted = outcome.kind === 'done';
      } catch (error) {
        return { kind: 'retry', reason: reasonOf(error) };
      }
      if (filter.isMarked) {
        await handOver(context, conversationId, deliveryId, reason);
        await context.state.delete(`handover:${deliveryId}`);
      }
      return DELIVERED;
    } finally {
      idle.stop();
      clearTimeout(unanswered);
      context.signal.removeEventListener('abort', onStopping);
      stop.abort();
      if (!isPosted) await context.conversations.typing(conversationId, false, config.authorName).catch(() => undefined);
    }
  }

  /** Answers the shopper's `question`: hands over when they ask for a person (saying so when `announce`), else asks the model. */
  async function answer(context: AttemptContext, conversationId: string, deliveryId: string, question: ChatMessage, visitorContext: VisitorContext, announce: boolean): Promise<AttemptOutcome> {
    if (askedForPerson(question.text, config.handoverPhrases) === undefined) return answerWithModel(context, conversationId, deliveryId, question, visitorContext);
    const isHandedOver = await handOver(context, conversationId, deliveryId, 'The shopper asked for a person');
    if (isHandedOver && announce) await post(context, conversationId, deliveryId, SAYS[HAN.test(question.text) ? 'zh' : 'en'].handingOver);
    await context.state.delete(`handover:${deliveryId}`);
    return DELIVERED;
  }

  /** The shopper's latest message, when no person has answered it since: what a bot handed the conversation to us left open. */
  async function openQuestion(context: AttemptContext, conversationId: string): Promise<ChatMessage | undefined> {
    const conversation = await context.conversations.get(conversationId);
    if (!conversation) return undefined;
    const page = await context.conversations.transcript(conversationId, { after: Math.max(0, conversation.lastSeq - config.historyLimit), limit: config.historyLimit });
    const messages = page?.messages ?? [];
    const index = messages.findLastIndex((message) => message.author.role === 'visitor');
    if (index === -1 || messages.slice(index + 1).some((message) => message.author.role === 'agent')) return undefined;
    return messages[index];
  }

  return {
    name: config.name,
    async attempt(delivery, context): Promise<AttemptOutcome> {
      const { event, conversationId, deliveryId } = delivery;
      if (event.type === 'message') {
        if (event.message.author.role !== 'visitor' || !(await isResponder(context, conversationId))) return DELIVERED;
        return answer(context, conversationId, deliveryId, event.message, event.context, true);
      }
      if (event.type === 'handover') {
        // The bot before us (an FAQ) handed over a question it could not answer: answer it now.
        const question = await openQuestion(context, conversationId);
        if (!question || !(await isResponder(context, conversationId))) return DELIVERED;
        return answer(context, conversationId, deliveryId, question, event.context, false);
      }
      return DELIVERED;
    },
  };
}
