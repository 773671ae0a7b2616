import { describe, expect, it } from 'vitest';
import { createId, type AgentServerMessage, type ChatMessage, type TranscriptPage } from '@confab/protocol';
import { testRelays, type TestRelay } from './test-support/relay.js';
import { sendMessage, type Visitor } from './test-support/socket.js';
import { INVALID_TEXTS, TRICKY_TEXTS } from './test-support/texts.js';

const relayWith = testRelays();

/** A text as its UTF-16 code units, so a failure shows exactly which unit changed. */
function codeUnits(text: string): number[] {
  return Array.from({ length: text.length }, (_, index) => text.charCodeAt(index));
}

/** What every read path must return: each text twice, first from the shopper, then from the agent. */
interface Sent {
  id: string;
  text: string;
  role: 'visitor' | 'agent';
}

function expectSame(what: string, actual: readonly ChatMessage[], sent: readonly Sent[]): void {
  expect(actual.map((message) => message.id), `${what}: ids in order`).toEqual(sent.map((message) => message.id));
  actual.forEach((message, index) => {
    expect(codeUnits(message.text), `${what}: ${sent[index]!.role} text ${index}`).toEqual(codeUnits(sent[index]!.text));
    expect(message.author.role).toBe(sent[index]!.role);
  });
}

async function transcript(relay: TestRelay, conversationId: string): Promise<ChatMessage[]> {
  const page = await relay.api<TranscriptPage>('GET', `/v1/agent/conversations/${conversationId}/messages?limit=200`);
  expect(page.status).toBe(200);
  return page.body.messages;
}

/** Every path a client reads messages by, after the fact: socket replay, `history`, the agent transcript. */
async function expectEveryStoredPath(relay: TestRelay, token: string, conversationId: string, sent: readonly Sent[], when: string) {
  const replay = await relay.visitor({ token, lastSeq: 0 });
  const replayed = await replay.socket.waitForMany('message', sent.length);
  expectSame(`replay ${when}`, replayed.map((frame) => frame.message), sent);
  replay.socket.send({ type: 'history', requestId: 'all', limit: 100 });
  expectSame(`history ${when}`, (await replay.socket.waitFor('history')).messages, sent);
  expectSame(`agent transcript ${when}`, await transcript(relay, conversationId), sent);
}

describe('message text through the relay', () => {
  it('comes out of every path exactly as it went in, also after a restart', async () => {
    const relay = await relayWith({ messagesPerMinute: 10_000 });
    const agent = await relay.agent();
    const visitor = await relay.visitor();
    const { conversationId, token } = visitor.welcome;
    const otherTab: Visitor = await relay.visitor({ token });
    const sent: Sent[] = [];
    for (const text of TRICKY_TEXTS) {
      const fromVisitor = { id: createId(), text, role: 'visitor' as const };
      await sendMessage(visitor, fromVisitor.id, text);
      const fromAgent = { id: createId(), text, role: 'agent' as const };
      const posted = await relay.api<ChatMessage>('POST', `/v1/agent/conversations/${conversationId}/messages`, { body: { id: fromAgent.id, text } });
      expect(posted.status).toBe(201);
      expect(codeUnits(posted.body.text)).toEqual(codeUnits(text));
      sent.push(fromVisitor, fromAgent);
    }
    // Live paths: the agent stream gets both authors, the shopper's tabs each other's and the agent's.
    const streamed = (await agent.waitForMany('message', sent.length)) as Extract<AgentServerMessage, { type: 'message' }>[];
    expectSame('agent stream', streamed.map((frame) => frame.message), sent);
    const otherTabGot = await otherTab.socket.waitForMany('message', sent.length);
    expectSame('other tab', otherTabGot.map((frame) => frame.message), sent);
    const senderGot = await visitor.socket.waitForMany('message', sent.length / 2);
    expectSame('sending tab', senderGot.map((frame) => frame.message), sent.filter((message) => message.role === 'agent'));

    await expectEveryStoredPath(relay, token, conversationId, sent, 'before restart');
    const restarted = await relay.restart();
    try {
      await expectEveryStoredPath(restarted, token, conversationId, sent, 'after restart');
    } finally {
      await restarted.close();
    }
  });

  it('refuses lone surrogates, NUL, C0 and C1 controls with CONFAB_TEXT_INVALID on the socket and the API, storing nothing', async () => {
    const relay = await relayWith();
    const visitor = await relay.visitor();
    const { conversationId } = visitor.welcome;
    await sendMessage(visitor, createId(), 'before');
    for (const { what, json } of INVALID_TEXTS) {
      const id = createId();
      // Raw frame text: the escapes reach the relay exactly as written here.
      visitor.socket.send(`{"type":"message","id":"${id}","text":${json}}`);
      const error = await visitor.socket.waitFor('error');
      expect(error, `socket: ${what}`).toMatchObject({ code: 'CONFAB_TEXT_INVALID', id });
      const response = await fetch(`${relay.baseUrl}/v1/agent/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${relay.agentToken}`, 'content-type': 'application/json' },
        body: `{"id":"${createId()}","text":${json}}`,
      });
      expect(response.status, `API: ${what}`).toBe(400);
      expect(await response.json(), `API: ${what}`).toMatchObject({ code: 'CONFAB_TEXT_INVALID' });
    }
    // The connection stayed usable, and nothing but the valid messages was stored.
    await sendMessage(visitor, createId(), 'after');
    expect((await transcript(relay, conversationId)).map((message) => message.text)).toEqual(['before', 'after']);
  });
});
