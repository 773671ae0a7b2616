import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, createId, type ChatMessage, type TranscriptPage } from '@confab/protocol';
import { eventually } from './test-support/relay.js';
import { CLI_AGENT_TOKEN as TOKEN, cliApi as api, relayProcesses } from './test-support/relay-process.js';
import { openAgent, openVisitor, type Visitor } from './test-support/socket.js';

// These tests run the built command (`node packages/relay/dist/cli.js`) as a real child process.
const processes = relayProcesses();
const { run, start, tempDir } = processes;

describe('confab-relay command', () => {
  it('keeps every acknowledged message when killed with SIGKILL during traffic', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const visitor: Visitor = await openVisitor(first.wsUrl);
    processes.defer(() => visitor.socket.close());
    const { conversationId, token } = visitor.welcome;

    const acked = new Map<string, number>();
    visitor.socket.raw.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: string; seq?: number };
      if (frame.type === 'ack') acked.set(frame.id!, frame.seq!);
    });
    const agentReplies: ChatMessage[] = [];
    const sent: { id: string; text: string }[] = [];
    const send = (i: number) => {
      const message = { id: createId(), text: `消息 ${i} 🫖` };
      sent.push(message);
      visitor.socket.send({ type: 'message', ...message });
    };

    for (let i = 0; i < 15; i++) {
      send(i);
      if (i % 3 === 0) {
        const reply = await api<ChatMessage>(first.url, 'POST', `/v1/agent/conversations/${conversationId}/messages`, { text: `reply ${i}`, id: createId() });
        if (reply.status === 201) agentReplies.push(reply.body);
      }
    }
    await eventually('the first acknowledgements', () => acked.size >= 15);
    // More traffic in flight, then the plug is pulled without warning. (At most 20 are unacknowledged,
    // so resending them below stays within one connection's burst of 20 new messages.)
    for (let i = 15; i < 35; i++) send(i);
    first.process.child.kill('SIGKILL');
    expect((await first.process.exited).signal).toBe('SIGKILL');
    await visitor.socket.closed();
    const ackedBeforeKill = new Map(acked);
    expect(ackedBeforeKill.size).toBeGreaterThanOrEqual(15);

    const second = await start(dataDir);
    const page = await api<TranscriptPage>(second.url, 'GET', `/v1/agent/conversations/${conversationId}/messages?limit=200`);
    expect(page.status).toBe(200);
    const stored = page.body.messages;
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, index) => index + 1));
    for (const [id, seq] of ackedBeforeKill) expect(stored.find((m) => m.id === id)?.seq, `acked ${id}`).toBe(seq);
    for (const reply of agentReplies) expect(stored.find((m) => m.id === reply.id)).toEqual(reply);

    // The client resends what was not acknowledged, with the same ids: each is stored once.
    const back = await openVisitor(second.wsUrl, { token, lastSeq: 0 });
    processes.defer(() => back.socket.close());
    expect(back.welcome).toMatchObject({ resumed: true, conversationId, lastSeq: stored.length });
    const replayed = await back.socket.waitForMany('message', stored.length);
    expect(replayed.map((frame) => frame.message)).toEqual(stored);
    for (const message of sent) back.socket.send({ type: 'message', ...message });
    const acks = await back.socket.waitForMany('ack', sent.length);
    for (const ack of acks) if (ackedBeforeKill.has(ack.id)) expect(ack.seq).toBe(ackedBeforeKill.get(ack.id));
    const final = await api<TranscriptPage>(second.url, 'GET', `/v1/agent/conversations/${conversationId}/messages?limit=200`);
    const visitorTexts = final.body.messages.filter((m) => m.author.role === 'visitor').map((m) => m.id);
    expect(new Set(visitorTexts).size).toBe(visitorTexts.length);
    expect(visitorTexts.sort()).toEqual(sent.map((m) => m.id).sort());
  });

  it('drains on SIGTERM: sockets close with 4010 and the process exits 0', async () => {
    const dataDir = tempDir();
    const relay = await start(dataDir);
    const visitor = await openVisitor(relay.wsUrl);
    const agent = await openAgent(relay.wsUrl, TOKEN);
    relay.process.child.kill('SIGTERM');
    expect((await visitor.socket.closed()).code).toBe(CLOSE_CODES.GOING_AWAY);
    expect((await agent.closed()).code).toBe(CLOSE_CODES.GOING_AWAY);
    expect(await relay.process.exited).toEqual({ code: 0, signal: null });
    expect(relay.process.stdout.some((line) => line.includes('relay stopped'))).toBe(true);
  });

  it('prints the URLs and the token in dev mode, and never logs the token', async () => {
    const dataDir = tempDir();
    const relay = run(['--dev', '--port', '0', '--data-dir', dataDir]);
    const banner = await eventually('the dev banner', () => relay.stdout.find((line) => line.startsWith('Agent token')), 20_000);
    const token = banner.split(/\s+/)[2]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const consoleLine = relay.stdout.find((line) => line.startsWith('Agent console'))!;
    expect(consoleLine).toMatch(new RegExp(`^Agent console  http://127\\.0\\.0\\.1:\\d+/console/#token=${token}$`));
    expect(relay.stdout.some((line) => /^Widget script  http:\/\/127\.0\.0\.1:\d+\/widget\/confab\.js$/.test(line))).toBe(true);
    const url = consoleLine.split(/\s+/)[2]!.replace(/\/console\/.*$/, '');
    const response = await fetch(`${url}/v1/agent/conversations`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    relay.child.kill('SIGTERM');
    await relay.exited;
    const logLines = [...relay.stdout, ...relay.stderr].filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => line.includes(token))).toEqual([]);
  });

  it('refuses invalid configuration with exit code 2 and a message naming the setting', async () => {
    const badPort = run(['--port', 'abc', '--agent-token', TOKEN]);
    expect((await badPort.exited).code).toBe(2);
    expect(badPort.stderr.join('\n')).toContain('--port="abc" is not a port; use an integer from 0 to 65535');
    const badEnv = run([], { CONFAB_MAX_FRAME_BYTES: 'lots', CONFAB_AGENT_TOKEN: TOKEN });
    expect((await badEnv.exited).code).toBe(2);
    expect(badEnv.stderr.join('\n')).toContain('CONFAB_MAX_FRAME_BYTES="lots" is not a frame size');
    const noToken = run([]);
    expect((await noToken.exited).code).toBe(2);
    expect(noToken.stderr.join('\n')).toContain('agentToken is required outside dev mode');
    const help = run(['--help']);
    expect((await help.exited).code).toBe(0);
    expect(help.stdout.join('\n')).toContain('Usage: confab-relay');
  });
});
