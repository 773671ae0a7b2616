import { ConfabError } from '@confab/protocol';
import type { Adapter, AdapterReply, AttemptContext } from '../adapter.js';
import { askedForPerson } from '../handover-phrases.js';
import type { AttemptOutcome } from '../../outbox/retry-policy.js';
import type { FaqAdapterConfig } from './faq-config.js';
import type { FaqEntry } from './faq-file.js';
import { FaqMatcher } from './faq-matcher.js';

const HAN = /\p{Script=Han}/u;

/** What the bot says itself, in the language of the shopper's message (Chinese if it has Han characters, else English). */
const SAYS = {
  en: {
    handingOver: "I'll get a person from our team for you. They'll answer here.",
    unsure: "I'm not sure I understood. Here are the questions I can answer:",
    // Neutral on who comes next: in a chain such as faq -> openai -> console it may be another bot.
    unsureHandingOver: "That isn't in my list of answers, so I've passed your question on. You'll get the answer here.",
  },
  zh: {
    handingOver: '好的，正在为您转接人工客服，请稍候，客服会在这里回复您。',
    unsure: '抱歉，我没有理解您的问题。我可以回答这些问题：',
    unsureHandingOver: '这个问题我暂时无法回答，已为您转交，稍后会在这里回复您。',
  },
};

type Language = keyof typeof SAYS;

function languageOf(text: string): Language {
  return HAN.test(text) ? 'zh' : 'en';
}

/** Refusals of a reply that no retry can change. */
const PERMANENT_ERRORS: ReadonlySet<string> = new Set(['CONFAB_TEXT_INVALID', 'CONFAB_TEXT_TOO_LONG', 'CONFAB_REQUEST_INVALID']);

function handoverNote(deliveryId: string): string {
  return `handover:${deliveryId}`;
}

/** One reply per delivery: the id makes a retried attempt store the same message once. */
function replyId(deliveryId: string): string {
  return `faq-${deliveryId}`.slice(0, 64);
}

/**
 * The `faq` adapter (docs/adapters/faq.md): a bot that answers shoppers from the shop's FAQ file,
 * in Chinese and English, offers the file's first questions as quick replies, and hands the
 * conversation to the next responder of the routing chain when the shopper asks for a person or
 * it has no answer. It answers only while it is the conversation's responder, and greets a new
 * conversation when a `greeting` is configured.
 */
export function faq(config: FaqAdapterConfig): Adapter {
  const matcher = new FaqMatcher(config.entries);
  const minScore = config.minScore / 100;
  const isChinese = (entry: FaqEntry) => HAN.test(entry.question);
  const firstQuestions = (entries: FaqEntry[]) => entries.slice(0, config.topQuestions).map((entry) => [...entry.question].slice(0, 100).join(''));
  // A bilingual file offers each shopper the first questions written in their language.
  const topByLanguage = {
    zh: firstQuestions(config.entries.filter(isChinese)),
    en: firstQuestions(config.entries.filter((entry) => !isChinese(entry))),
  };
  const topFor = (language: Language) => {
    const list = topByLanguage[language];
    return list.length > 0 ? list : firstQuestions(config.entries);
  };

  async function reply(context: AttemptContext, conversationId: string, deliveryId: string, text: string, quickReplies: string[]): Promise<void> {
    const message: AdapterReply = { id: replyId(deliveryId), text, role: 'bot', authorName: config.authorName };
    if (quickReplies.length > 0) message.quickReplies = quickReplies;
    await context.conversations.postMessage(conversationId, message);
  }

  /**
   * Hands over: `handed-over`, or `kept` when nobody comes after this bot (it is last in the chain,
   * or there is no chain; the console's agents still see the conversation), or `lost` when the
   * conversation has gone. The attempt may be cut after the hand-over and made again, when the
   * conversation is no longer ours: the note in state tells that retry the hand-over was ours.
   */
  async function handOver(context: AttemptContext, conversationId: string, deliveryId: string, reason: string): Promise<'handed-over' | 'kept' | 'lost'> {
    const note = handoverNote(deliveryId);
    const wasAsked = (await context.state.get(note)) !== undefined;
    await context.state.set(note, '1');
    const outcome = await context.conversations.handOver(conversationId, reason);
    if (outcome.kind === 'handed-over' || (wasAsked && outcome.kind === 'not-owner')) return 'handed-over';
    if (outcome.kind === 'last-in-chain' || (outcome.kind === 'not-owner' && outcome.owner === undefined)) return 'kept';
    return 'lost';
  }

  /**
   * Whether this bot answers the conversation now. A delivery queued just before a hand-over or a
   * human reply still reaches it; without a routing chain (no responder) it answers everything.
   */
  async function isResponder(context: AttemptContext, conversationId: string, deliveryId: string): Promise<boolean> {
    if ((await context.state.get(handoverNote(deliveryId))) !== undefined) return true;
    const conversation = await context.conversations.get(conversationId);
    return conversation !== undefined && (conversation.responder === undefined || conversation.responder === config.name);
  }

  async function answer(context: AttemptContext, conversationId: string, deliveryId: string, text: string): Promise<void> {
    const language = languageOf(text);
    const says = SAYS[language];
    const top = topFor(language);
    if (askedForPerson(text, config.handoverPhrases) !== undefined) {
      if ((await handOver(context, conversationId, deliveryId, 'The shopper asked for a person')) !== 'lost') {
        await reply(context, conversationId, deliveryId, says.handingOver, []);
      }
      return;
    }
    const match = matcher.match(text, minScore);
    if (match) {
      await reply(context, conversationId, deliveryId, match.entry.answer, top.filter((question) => question !== match.entry.question));
      return;
    }
    const handover = await handOver(context, conversationId, deliveryId, `The FAQ has no answer to: ${[...text].slice(0, 200).join('')}`);
    if (handover === 'handed-over') await reply(context, conversationId, deliveryId, config.fallback ?? says.unsureHandingOver, []);
    else if (handover === 'kept') await reply(context, conversationId, deliveryId, config.fallback ?? says.unsure, top);
  }

  return {
    name: config.name,
    async attempt(delivery, context): Promise<AttemptOutcome> {
      const { event, conversationId, deliveryId } = delivery;
      try {
        if (event.type === 'conversation-started' && config.greeting !== undefined) {
          if (await isResponder(context, conversationId, deliveryId)) {
            const language: Language = event.context.locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
            await reply(context, conversationId, deliveryId, config.greeting, topFor(language));
          }
        } else if (event.type === 'message' && event.message.author.role === 'visitor') {
          if (await isResponder(context, conversationId, deliveryId)) await answer(context, conversationId, deliveryId, event.message.text);
          await context.state.delete(handoverNote(deliveryId));
        }
      } catch (error) {
        // An answer the relay refuses (longer than its maxTextLength, say) is refused again on every retry.
        if (error instanceof ConfabError && PERMANENT_ERRORS.has(error.code)) return { kind: 'rejected', reason: error.message };
        throw error;
      }
      return { kind: 'delivered' };
    },
  };
}
