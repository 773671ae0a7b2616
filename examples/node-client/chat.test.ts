import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRelay } from '@confab/relay';
import type { ConversationSummary } from '@confab/protocol';

const script = fileURLToPath(new URL('./chat.mjs', import.meta.url));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function waitForLine(output: { text: string }, child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in:\n${output.text}`)), timeoutMs);
    const check = () => {
      const line = output.text.split('\n').find((l) => pattern.test(l));
      if (line) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(line);
      }
    };
    child.stdout?.on('data', check);
    check();
  });
}

describe('node-client example', () => {
  it('chats with a real relay: sends a message and prints the agent reply', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'confab-node-client-'));
    const app = await createRelay({ dataDir, agentToken: 'node-client-token', logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const relayUrl = `http://127.0.0.1:${address.port}`;

    const child = spawn(process.execPath, [script, '--url', relayUrl, '--send', '水壶有现货吗？', '--wait', '30', '--product', 'Aster Gooseneck Kettle'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    const output = { text: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.text += chunk));

    expect(await waitForLine(output, child, /^\[sent\] seq 1: 水壶有现货吗？$/)).toBeTruthy();

    const headers = { authorization: 'Bearer node-client-token', 'content-type': 'application/json' };
    const list = (await (await fetch(`${relayUrl}/v1/agent/conversations`, { headers })).json()) as {
      conversations: ConversationSummary[];
    };
    expect(list.conversations).toHaveLength(1);
    const conversation = list.conversations[0]!;
    expect(conversation.context.product?.name).toBe('Aster Gooseneck Kettle');
    const reply = await fetch(`${relayUrl}/v1/agent/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '有的，今天下单明天发货。', authorName: 'Mei' }),
    });
    expect(reply.status).toBe(201);

    expect(await waitForLine(output, child, /^\[Mei\] 有的，今天下单明天发货。$/)).toBeTruthy();
  });
});
