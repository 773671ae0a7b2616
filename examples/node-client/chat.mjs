#!/usr/bin/env node
// A headless shopper: chats with a Confab relay through the client SDK, from a terminal or a script.
//
//   node chat.mjs                                   interactive: type lines, see agent replies
//   node chat.mjs --send "Is the kettle in stock?"  send one message, print replies until --wait ends
//   node chat.mjs --url https://relay.example --wait 30
//
// Node 20 has no global WebSocket, so the `ws` package is passed to the SDK.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient, memoryStorage } from '@confab/client';
import WebSocket from 'ws';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.CONFAB_URL ?? 'http://127.0.0.1:8787' },
    send: { type: 'string', multiple: true },
    wait: { type: 'string', default: '20' },
    product: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (args.help) {
  console.log('Usage: node chat.mjs [--url <relay>] [--send <text>]... [--wait <seconds>] [--product <name>]');
  process.exit(0);
}

const waitSeconds = Number(args.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
  console.error(`--wait "${args.wait}" is not a number of seconds`);
  process.exit(2);
}

const client = createClient({
  url: args.url,
  WebSocket,
  storage: memoryStorage(),
  context: {
    url: 'node:examples/node-client',
    title: 'Confab node client example',
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    userAgent: `Node.js ${process.version}`,
    ...(args.product ? { product: { name: args.product } } : {}),
  },
});

const print = (line) => process.stdout.write(`${line}\n`);

client.on('state', ({ to }) => print(`[state] ${to}`));
client.on('session', ({ conversationId, resumed }) => print(`[session] ${conversationId}${resumed ? ' (resumed)' : ''}`));
client.on('message', (message) => {
  if (message.isOwn) return;
  const who = message.author.name ?? message.author.role;
  print(`[${who}] ${message.text}`);
});
client.on('delivery', ({ id, status }) => print(`[delivery] ${id} ${status}`));
client.on('typing', ({ isTyping, author }) => isTyping && print(`[typing] ${author.name ?? author.role} is typing…`));
client.on('conversation', ({ status }) => print(`[conversation] ${status}`));
client.on('error', (error) => print(`[error] ${error.code}: ${error.message}`));

function shutdown(code = 0) {
  client.close();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));

if (args.send?.length) {
  for (const text of args.send) {
    client.send(text).then(
      (message) => print(`[sent] seq ${message.seq}: ${text}`),
      (error) => {
        print(`[error] ${error.code}: ${error.message}`);
        shutdown(1);
      },
    );
  }
  setTimeout(() => shutdown(0), waitSeconds * 1000);
} else {
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim()) client.send(line).catch((error) => print(`[error] ${error.code}: ${error.message}`));
  });
  lines.on('close', () => shutdown(0));
}
