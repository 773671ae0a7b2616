import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers one `POST /v1/chat/completions`. */
export type FakeOpenAiStep =
  /**
   * Streams `tokens` as chat completion chunks, `delayMs` apart (default 0), then ends:
   * `done` sends `data: [DONE]` (the default), `cut` ends the response without it, `reset`
   * destroys the connection, `stall` keeps it open and silent until the server closes.
   */
  | { kind: 'stream'; tokens: readonly string[]; delayMs?: number; end?: 'done' | 'cut' | 'reset' | 'stall'; keepAliveComments?: boolean }
  /** Answers with `status` and an OpenAI-style error body (or `body`), plus `headers` such as `retry-after`. */
  | { kind: 'status'; status: number; message?: string; body?: unknown; headers?: Readonly<Record<string, string>> }
  /** Writes these chunks as they are (bytes or text, cut anywhere), `delayMs` apart, then ends the response. */
  | { kind: 'raw'; chunks: readonly (string | Uint8Array)[]; delayMs?: number; contentType?: string }
  /** Never answers: not even the response headers. */
  | { kind: 'hang' };

/** A request the fake received. */
export interface FakeOpenAiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as sent. */
  text: string;
  /** The body parsed as a chat completions request; undefined when it is not JSON. */
  body: FakeChatCompletionsBody | undefined;
}

/** The fields of a chat completions request that tests look at. */
export interface FakeChatCompletionsBody {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  [field: string]: unknown;
}

/** A fake OpenAI-compatible chat completions server on 127.0.0.1 (a real socket), scripted by the test. */
export interface FakeOpenAiServer {
  /** The API root to configure as `baseUrl`, such as `http://127.0.0.1:41234/v1`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: FakeOpenAiRequest[];
  /** Queues how the next requests are answered, one step each, in order. */
  script(...steps: FakeOpenAiStep[]): void;
  /** How requests are answered once the script is used up. @default a stream of "Hello from the fake model." */
  respond(step: FakeOpenAiStep | ((request: FakeOpenAiRequest) => FakeOpenAiStep)): void;
  /** Waits until `count` requests have arrived (or `timeoutMs` passed, then throws). */
  waitForRequests(count: number, timeoutMs?: number): Promise<FakeOpenAiRequest[]>;
  /** Stops listening and cuts every open (stalled, hanging) connection. */
  close(): Promise<void>;
}

function chunk(model: string, delta: Record<string, string>, finishReason: string | null): string {
  const payload = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finishReason }] };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function stream(response: ServerResponse, step: Extract<FakeOpenAiStep, { kind: 'stream' }>, model: string): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  response.write(chunk(model, { role: 'assistant', content: '' }, null));
  for (const token of step.tokens) {
    if (step.delayMs) await sleep(step.delayMs);
    if (response.destroyed) return;
    if (step.keepAliveComments) response.write(': keep-alive\n\n');
    response.write(chunk(model, { content: token }, null));
  }
  const end = step.end ?? 'done';
  if (end === 'stall') return;
  if (end === 'reset') {
    response.socket?.destroy();
    return;
  }
  if (end === 'done') response.write(`${chunk(model, {}, 'stop')}data: [DONE]\n\n`);
  response.end();
}

async function answer(response: ServerResponse, step: FakeOpenAiStep, model: string): Promise<void> {
  switch (step.kind) {
    case 'stream':
      return stream(response, step, model);
    case 'status': {
      const body = step.body ?? { error: { message: step.message ?? `Fake error ${step.status}`, type: 'fake_error', code: null } };
      response.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      response.end(JSON.stringify(body));
      return;
    }
    case 'raw':
      response.writeHead(200, { 'content-type': step.contentType ?? 'text/event-stream' });
      for (const piece of step.chunks) {
        if (step.delayMs) await sleep(step.delayMs);
        if (response.destroyed) return;
        response.write(piece);
      }
      response.end();
      return;
    case 'hang':
      return;
  }
}

function parseBody(text: string): FakeChatCompletionsBody | undefined {
  try {
    return JSON.parse(text) as FakeChatCompletionsBody;
  } catch {
    return undefined;
  }
}

/**
 * Starts a fake OpenAI-compatible server on 127.0.0.1, port 0: `POST /v1/chat/completions`
 * answers with the next scripted step (streams, cuts, stalls, 429, 500, 401 …) and every request
 * is recorded with its headers and body. Anything else gets a 404 in OpenAI's error shape.
 * @example
 * const fake = await startFakeOpenAiServer();
 * fake.script({ kind: 'stream', tokens: ['Hel', 'lo'], delayMs: 20 }, { kind: 'status', status: 429, headers: { 'retry-after': '7' } });
 * const config = { type: 'openai', baseUrl: fake.url, model: 'fake-model' };
 * await fake.close();
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: FakeOpenAiRequest[] = [];
  const queue: FakeOpenAiStep[] = [];
  let fallback: FakeOpenAiStep | ((request: FakeOpenAiRequest) => FakeOpenAiStep) = { kind: 'stream', tokens: ['Hello from the fake model.'] };
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (piece: Buffer) => chunks.push(piece));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '/';
      const recorded: FakeOpenAiRequest = { method: request.method ?? 'GET', path, headers: request.headers, text, body: parseBody(text) };
      if (request.method !== 'POST' || path !== '/v1/chat/completions') {
        void answer(response, { kind: 'status', status: 404, message: `Unknown path ${path}` }, '');
        return;
      }
      requests.push(recorded);
      for (const wake of waiters) wake();
      const step = queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
      answer(response, step, recorded.body?.model ?? 'fake-model').catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...steps) => void queue.push(...steps),
    respond(step) {
      fallback = step;
    },
    waitForRequests(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the fake OpenAI server got ${requests.length} of ${count} requests within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
