import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, createId, type ChatMessage, type TranscriptPage } from '@confab/protocol';
import { eventually } from './test-support/relay.js';
import { openAgent, openVisitor, type Visitor } from './test-support/socket.js';

// These tests run the built command (`node packages/relay/dist/cli.js`) as a real child process.
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN = 'cli-test-agent-token-0123456789';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the relay first (npx tsc -b packages/relay; pnpm test does it)`);
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface RelayProcess {
  readonly child: ChildProcess;
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Promise<Exit>;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the CLI with only PATH from this environment, so no stray CONFAB_* variable leaks in. */
function run(args: string[], env: Record<string, string> = {}): RelayProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (into: string[]) => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      into.push(...lines);
    };
  };
  child.stdout!.on('data', collect(stdout));
  child.stderr!.on('data', collect(stderr));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, stdout, stderr, exited };
}

/** Starts the relay on a free port and waits for its "listening" log line; returns its URL. */
async function start(dataDir: string, extra: string[] = []): Promise<{ process: RelayProcess; url: string; wsUrl: string }> {
  const relay = run(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--agent-token', TOKEN, ...extra]);
  const url = await eventually(
    'the relay to listen',
    () => {
      if (relay.child.exitCode !== null) throw new Error(`relay exited: ${relay.stderr.join('\n')}`);
      for (const line of relay.stdout) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'Confab relay listening') return entry.url;
      }
      return undefined;
    },
    20_000,
  );
  return { process: relay, url, wsUrl: url.replace(/^http/, 'ws') };
}

async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

describe('confab-relay command', () => {
  it('keeps every acknowledged message when killed with SIGKILL during traffic', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const visitor: Visitor = await openVisitor(first.wsUrl);
    cleanups.push(() => visitor.socket.close());
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
    cleanups.push(() => back.socket.close());
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
