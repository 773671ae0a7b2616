import { describe, expect, it } from 'vitest';
import type { ChatClient, ClientEvents, TranscriptMessage } from '@confab/client';
import type { ChatMessage } from '@confab/protocol';
import { Ledger, type Transcripts } from './ledger.js';
import type { SeededRandom } from './seeded-random.js';

// The ledger is the judge of every fault scenario; these cases show it convicts what it should.

const random: SeededRandom = { seed: 1, next: () => 0.5, int: (min) => min, pick: (items) => items[0]!, id: () => 'agentreply1' };

/** A stand-in for ChatClient: what the ledger reads (messages, conversationId) and the events it listens to. */
function fakeClient(conversationId: string) {
  const listeners = new Map<string, ((payload: never) => void)[]>();
  const fake = {
    conversationId,
    messages: [] as TranscriptMessage[],
    on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (payload: never) => void]);
      return () => {};
    },
    emit<E extends keyof ClientEvents>(event: E, payload: ClientEvents[E]) {
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    },
    send(text: string) {
      const message: TranscriptMessage = { id: `id-${text}`, seq: undefined, author: { role: 'visitor' }, text, createdAt: 0, status: 'pending', isOwn: true };
      fake.messages = [...fake.messages, message];
      fake.emit('message', message);
      return new Promise<TranscriptMessage>(() => {});
    },
    /** The relay stored the message with id-`text` as `seq`. */
    ack(text: string, seq: number) {
      fake.messages = fake.messages.map((m): TranscriptMessage => (m.text === text ? { ...m, seq, status: 'sent' } : m)).sort((a, b) => (a.seq ?? 1e9) - (b.seq ?? 1e9));
      fake.emit('delivery', { id: `id-${text}`, status: 'sent', seq });
    },
    receive(message: ChatMessage) {
      const entry: TranscriptMessage = { ...message, status: 'sent', isOwn: false };
      fake.messages = [...fake.messages, entry].sort((a, b) => a.seq! - b.seq!);
      fake.emit('message', entry);
    },
  };
  return fake;
}

const stored = (seq: number, id: string, text: string, role: 'visitor' | 'agent' = 'visitor'): ChatMessage => ({
  id,
  seq,
  text,
  author: { role },
  createdAt: 0,
});

/** One shopper who sent "a" and "b" (both acknowledged) and an agent reply recorded in the ledger. */
function conversation() {
  const ledger = new Ledger(random);
  const client = fakeClient('c1');
  const record = ledger.watch('shopper', client as unknown as ChatClient);
  void ledger.send(record, 'a');
  void ledger.send(record, 'b');
  client.ack('a', 1);
  client.ack('b', 2);
  ledger.agentPosts.set('c1', [{ id: 'agentreply1', text: 'r', ackedSeqs: [3], startedAt: 1, answeredAt: 2 }]);
  client.receive(stored(3, 'agentreply1', 'r', 'agent'));
  const transcripts: Transcripts = new Map([['c1', [stored(1, 'id-a', 'a'), stored(2, 'id-b', 'b'), stored(3, 'agentreply1', 'r', 'agent')]]]);
  return { ledger, client, transcripts };
}

describe('the fault ledger', () => {
  it('finds nothing wrong when every view agrees with what was sent', () => {
    const { ledger, transcripts } = conversation();
    expect(ledger.problems(transcripts)).toEqual([]);
  });

  it('reports a message stored twice and a message that was never sent', () => {
    const { ledger, transcripts } = conversation();
    transcripts.get('c1')!.push(stored(4, 'id-a', 'a'), stored(5, 'ghost-id', 'boo'));
    expect(ledger.problems(transcripts).join('\n')).toMatch(/id-a is stored 2 times[\s\S]*ghost-id "boo" was never sent/);
  });

  it('reports a lost message and a gap in the seqs', () => {
    const { ledger, transcripts } = conversation();
    transcripts.set('c1', [stored(1, 'id-a', 'a'), stored(3, 'agentreply1', 'r', 'agent')]);
    const problems = ledger.problems(transcripts).join('\n');
    expect(problems).toMatch(/message id-b "b" is lost/);
    expect(problems).toMatch(/transcript has #3 agent agentreply1 "r" at position 2/);
  });

  it('reports a second acknowledgement and an announcement shown twice', () => {
    const { ledger, client, transcripts } = conversation();
    client.emit('delivery', { id: 'id-a', status: 'sent', seq: 1 });
    client.emit('message', client.messages[2]!);
    const problems = ledger.problems(transcripts).join('\n');
    expect(problems).toMatch(/message id-a \(seq 1\) was acknowledged 2 times/);
    expect(problems).toMatch(/announced #3 agent agentreply1 "r" 2 times/);
  });

  it('reports a client whose transcript differs from the relay and messages out of send order', () => {
    const { ledger, client, transcripts } = conversation();
    client.messages = client.messages.slice(0, 2);
    transcripts.set('c1', [stored(1, 'id-b', 'b'), stored(2, 'id-a', 'a'), stored(3, 'agentreply1', 'r', 'agent')]);
    const problems = ledger.problems(transcripts).join('\n');
    expect(problems).toMatch(/shopper shows/);
    expect(problems).toMatch(/shopper's messages are out of send order: seqs 2, 1/);
  });
});
