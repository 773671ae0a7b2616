import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfabError } from '@confab/protocol';
import { loadConfig, parseArgs, usage, type ConfigSources } from './config.js';
import { RELAY_SETTINGS } from './settings.js';

const TOKEN = 'a-production-token-0123456789';
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-config-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function load(argv: string[], env: Record<string, string> = {}, cwd = '/srv/confab'): ReturnType<typeof loadConfig> {
  const sources: ConfigSources = { argv, env, cwd };
  return loadConfig(sources);
}

/** The ConfabError a call throws (fails the test if it throws none). */
function errorOf(run: () => unknown): ConfabError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfabError);
    expect((error as ConfabError).code).toBe('CONFAB_CONFIG_INVALID');
    return error as ConfabError;
  }
  throw new Error('expected CONFAB_CONFIG_INVALID, but nothing was thrown');
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const { config } = load([], { CONFAB_AGENT_TOKEN: TOKEN });
    expect(config).toEqual({
      port: 8787,
      host: '127.0.0.1',
      listenBacklog: 4096,
      dataDir: '/srv/confab/.confab-data',
      agentToken: TOKEN,
      allowedOrigins: [],
      maxTextLength: 4000,
      maxFrameBytes: 65536,
      heartbeatMs: 25000,
      messagesPerMinute: 120,
      maxQueuedBytes: 1048576,
      dev: false,
      demoDir: undefined,
      logLevel: 'info',
      adapters: [],
      routing: { chain: [] },
      businessHours: undefined,
      uploads: true,
      identitySecret: undefined,
      preChat: undefined,
      proactive: [],
    });
  });

  it('takes flags over env over the config file over defaults', () => {
    const dir = tempDir();
    const file = join(dir, 'confab.json');
    writeFileSync(file, JSON.stringify({ port: 1111, host: '0.0.0.0', maxTextLength: 100, agentToken: TOKEN, dataDir: 'data' }));
    const { config, configFile } = load(['--port', '3333', `--config=${file}`], { CONFAB_PORT: '2222', CONFAB_HOST: '::', CONFAB_LOG_LEVEL: 'debug' });
    expect(configFile).toBe(file);
    expect(config).toMatchObject({ port: 3333, host: '::', maxTextLength: 100, logLevel: 'debug', agentToken: TOKEN });
    // Paths in the file are relative to the file; paths in flags and env to the working directory.
    expect(config.dataDir).toBe(join(dir, 'data'));
    expect(load(['--data-dir', 'here'], { CONFAB_AGENT_TOKEN: TOKEN }).config.dataDir).toBe('/srv/confab/here');
  });

  it('reads the config file named by CONFAB_CONFIG', () => {
    const file = join(tempDir(), 'relay.json');
    writeFileSync(file, JSON.stringify({ agentToken: TOKEN, allowedOrigins: ['https://shop.example/', 'https://WWW.Shop.example:443'] }));
    expect(load([], { CONFAB_CONFIG: file }).config.allowedOrigins).toEqual(['https://shop.example', 'https://www.shop.example']);
  });

  it('reads every setting from its flag and its environment variable', () => {
    const demoDir = tempDir();
    const values: Record<string, [string, unknown]> = {
      port: ['9000', 9000],
      host: ['0.0.0.0', '0.0.0.0'],
      listenBacklog: ['1024', 1024],
      dataDir: ['/var/lib/confab', '/var/lib/confab'],
      agentToken: [TOKEN, TOKEN],
      allowedOrigins: ['https://a.example, https://b.example', ['https://a.example', 'https://b.example']],
      maxTextLength: ['2000', 2000],
      maxFrameBytes: ['100000', 100000],
      heartbeatMs: ['10000', 10000],
      messagesPerMinute: ['30', 30],
      maxQueuedBytes: ['262144', 262144],
      dev: ['true', true],
      demoDir: [demoDir, demoDir],
      logLevel: ['warn', 'warn'],
      adapters: [
        '[{"type":"webhook","url":"https://desk.example/hooks","secrets":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}]',
        [
          {
            type: 'webhook',
            name: 'webhook',
            url: 'https://desk.example/hooks',
            secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
            inboundSecrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
            timeoutMs: 10_000,
          },
        ],
      ],
      routing: ['{"chain":["faq","console"]}', { chain: ['faq', 'console'] }],
      businessHours: [
        '{"timeZone":"Asia/Shanghai","weekly":{"mon":["09:00-18:00"]},"holidays":["2026-10-01"]}',
        {
          timeZone: 'Asia/Shanghai',
          weekly: { mon: [{ startMinute: 540, endMinute: 1080 }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
          holidays: [{ date: '2026-10-01', hours: [] }],
        },
      ],
      uploads: ['{"dir":"/srv/confab-files","maxBytes":1048576}', { dir: '/srv/confab-files', maxBytes: 1048576 }],
      identitySecret: ['identity-secret-0123456789abcdef', 'identity-secret-0123456789abcdef'],
      preChat: ['{"when":"offline","fields":[{"key":"email","type":"email","isRequired":true}]}', { when: 'offline', fields: [{ key: 'email', type: 'email', isRequired: true }] }],
      proactive: ['[{"id":"help","text":"Need help?","delaySeconds":20}]', [{ id: 'help', text: 'Need help?', delaySeconds: 20 }]],
    };
    for (const spec of RELAY_SETTINGS) {
      const [text, expected] = values[spec.key]!;
      const base: Record<string, string> = spec.key === 'agentToken' ? {} : { CONFAB_AGENT_TOKEN: TOKEN };
      expect(load([`${spec.flag}=${text}`], base).config[spec.key], spec.flag).toEqual(expected);
      expect(load([], { ...base, [spec.env]: text }).config[spec.key], spec.env).toEqual(expected);
    }
  });

  it('reads booleans in the usual spellings', () => {
    expect(load(['--dev']).config.dev).toBe(true);
    expect(load(['--dev=false'], { CONFAB_AGENT_TOKEN: TOKEN }).config.dev).toBe(false);
    for (const word of ['1', 'yes', 'ON', 'True']) expect(load([], { CONFAB_DEV: word }).config.dev).toBe(true);
    expect(load([], { CONFAB_DEV: 'no', CONFAB_AGENT_TOKEN: TOKEN }).config.dev).toBe(false);
  });

  it('names the setting, the bad value and what is accepted', () => {
    expect(errorOf(() => load([], { CONFAB_PORT: 'abc' })).message).toBe('CONFAB_PORT="abc" is not a port; use an integer from 0 to 65535');
    expect(errorOf(() => load(['--port=70000'])).message).toBe('--port="70000" is not a port; use an integer from 0 to 65535');
    expect(errorOf(() => load(['--listen-backlog', '0'])).message).toBe(
      '--listen-backlog="0" is not a listen backlog; use an integer from 1 to 65535 (connections)',
    );
    expect(errorOf(() => load([], { CONFAB_MAX_TEXT_LENGTH: '0' })).message).toMatch(/^CONFAB_MAX_TEXT_LENGTH="0" is not a text length; use an integer from 1 to/);
    expect(errorOf(() => load([], { CONFAB_HEARTBEAT_MS: '2.5' })).message).toContain('CONFAB_HEARTBEAT_MS="2.5"');
    expect(errorOf(() => load([], { CONFAB_LOG_LEVEL: 'loud' })).message).toContain('use one of fatal, error, warn, info, debug, trace, silent');
    expect(errorOf(() => load([], { CONFAB_DEV: 'maybe' })).message).toContain('CONFAB_DEV="maybe" is not a boolean');
    expect(errorOf(() => load([], { CONFAB_AGENT_TOKEN: 'short' })).message).toContain('CONFAB_AGENT_TOKEN="short" is not a usable agent token');
    expect(errorOf(() => load([], { CONFAB_HOST: 'my host' })).message).toContain('CONFAB_HOST="my host" is not a host');
    expect(errorOf(() => load(['--max-queued-bytes=1MiB'])).message).toBe(
      '--max-queued-bytes="1MiB" is not a queue size; use an integer from 1024 to 1073741824 (bytes)',
    );
    expect(errorOf(() => load([], { CONFAB_MAX_QUEUED_BYTES: '0' })).message).toContain('CONFAB_MAX_QUEUED_BYTES="0" is not a queue size');
    const origins = errorOf(() => load([], { CONFAB_ALLOWED_ORIGINS: 'https://ok.example,shop.example/path' })).message;
    expect(origins).toContain('CONFAB_ALLOWED_ORIGINS=');
    expect(origins).toContain('"shop.example/path", which is not an origin');

    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 'eighty' }));
    expect(errorOf(() => load([`--config=${file}`])).message).toBe(`"port": "eighty" in config file ${file} is not a port; use an integer from 0 to 65535`);
  });

  it('reads business hours as an object from the config file and as JSON text from flags and env', () => {
    const file = join(tempDir(), 'confab.json');
    const businessHours = { timeZone: 'Europe/Berlin', weekly: { fri: ['22:00-02:00'] }, holidays: [{ date: '2026-12-24', hours: ['09:00-12:00'] }] };
    writeFileSync(file, JSON.stringify({ agentToken: TOKEN, businessHours }));
    expect(load([`--config=${file}`]).config.businessHours).toEqual({
      timeZone: 'Europe/Berlin',
      weekly: { mon: [], tue: [], wed: [], thu: [], fri: [{ startMinute: 1320, endMinute: 1560 }], sat: [], sun: [] },
      holidays: [{ date: '2026-12-24', hours: [{ startMinute: 540, endMinute: 720 }] }],
    });
    // The flag wins over the file; an empty variable counts as unset.
    const flag = load([`--config=${file}`, '--business-hours', '{"timeZone":"America/New_York","weekly":{}}'], { CONFAB_BUSINESS_HOURS: '' });
    expect(flag.config.businessHours?.timeZone).toBe('America/New_York');
    expect(load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_BUSINESS_HOURS: '' }).config.businessHours).toBeUndefined();
  });

  it('stops on bad business hours, naming the source and the bad part', () => {
    expect(errorOf(() => load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_BUSINESS_HOURS: '{"timeZone":"Europe/Berlin","weekly":{"mon":["9-18"]}}' })).message).toMatch(
      /^CONFAB_BUSINESS_HOURS="\{.*\}" \.weekly\.mon\[0\] "9-18" is not a range such as "09:00-18:00"; use a JSON object such as \{ "timeZone"/,
    );
    expect(errorOf(() => load(['--business-hours', 'mon-fri 9-18'], { CONFAB_AGENT_TOKEN: TOKEN })).message).toMatch(/^--business-hours="mon-fri 9-18" is not JSON \(/);
    const file = join(tempDir(), 'confab.json');
    writeFileSync(file, JSON.stringify({ agentToken: TOKEN, businessHours: { timeZone: 'Europe/Berlln', weekly: {} } }));
    expect(errorOf(() => load([`--config=${file}`])).message).toContain(
      `in config file ${file} .timeZone "Europe/Berlln" is not a time zone this Node.js knows`,
    );
  });

  it('validates only the value that wins', () => {
    expect(load(['--port', '1234'], { CONFAB_PORT: 'abc', CONFAB_AGENT_TOKEN: TOKEN }).config.port).toBe(1234);
  });

  it('refuses unknown flags, stray arguments, missing values and unknown config-file keys', () => {
    expect(errorOf(() => load(['--prot', '1'])).message).toContain('Unknown flag --prot');
    expect(errorOf(() => load(['serve'])).message).toContain('Unexpected argument "serve"');
    expect(errorOf(() => load(['--port'])).message).toContain('--port needs a value');
    expect(errorOf(() => load(['--port', '--dev'])).message).toContain('--port needs a value');
    const dir = tempDir();
    const typo = join(dir, 'typo.json');
    writeFileSync(typo, JSON.stringify({ prot: 80 }));
    expect(errorOf(() => load([`--config=${typo}`])).message).toContain('Unknown setting "prot" in config file');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "port": ');
    expect(errorOf(() => load([`--config=${broken}`])).message).toContain('is not valid JSON');
    const list = join(dir, 'list.json');
    writeFileSync(list, '[1]');
    expect(errorOf(() => load([`--config=${list}`])).message).toContain('must hold a JSON object');
    expect(errorOf(() => load([`--config=${join(dir, 'missing.json')}`])).message).toContain('Cannot read config file');
  });

  it('requires an agent token outside dev mode and generates one in dev mode', () => {
    expect(errorOf(() => load([])).message).toContain('agentToken is required outside dev mode');
    const dev = load(['--dev']);
    expect(dev.agentTokenGenerated).toBe(true);
    expect(dev.config.agentToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(load(['--dev']).config.agentToken).not.toBe(dev.config.agentToken);
    const given = load(['--dev', '--agent-token', TOKEN]);
    expect([given.agentTokenGenerated, given.config.agentToken]).toEqual([false, TOKEN]);
  });

  it('checks settings against each other and the file system', () => {
    const frame = errorOf(() => load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_MAX_FRAME_BYTES: '4096' })).message;
    expect(frame).toContain('CONFAB_MAX_FRAME_BYTES=4096 is too small for CONFAB_MAX_TEXT_LENGTH (default 4000)=4000');
    const queue = errorOf(() => load(['--max-queued-bytes', '32768'], { CONFAB_AGENT_TOKEN: TOKEN })).message;
    expect(queue).toBe(
      '--max-queued-bytes=32768 is smaller than CONFAB_MAX_FRAME_BYTES (default 65536)=65536: a connection could not queue even one ' +
        'message of the largest size; raise maxQueuedBytes to at least 65536 or lower maxFrameBytes',
    );
    expect(load(['--max-queued-bytes', '32768', '--max-frame-bytes', '32768', '--max-text-length', '1000'], { CONFAB_AGENT_TOKEN: TOKEN }).config.maxQueuedBytes).toBe(32768);
    const dir = tempDir();
    mkdirSync(join(dir, 'shop'));
    writeFileSync(join(dir, 'file.txt'), 'x');
    expect(load(['--dev', '--demo-dir', join(dir, 'shop')]).config.demoDir).toBe(join(dir, 'shop'));
    expect(errorOf(() => load(['--dev', '--demo-dir', join(dir, 'file.txt')])).message).toContain('--demo-dir=');
    expect(errorOf(() => load(['--dev', '--demo-dir', join(dir, 'nope')])).message).toContain('is not a directory');
    expect(load(['--demo-dir', join(dir, 'shop')], { CONFAB_AGENT_TOKEN: TOKEN }).warnings[0]).toContain('ignored outside dev mode');
  });

  it('reports CONFAB_* variables that are not settings without failing', () => {
    expect(load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_PROT: '1' }).ignoredEnv).toEqual(['CONFAB_PROT']);
  });

  it('stops at --help without validating anything else', () => {
    expect(load(['--help', '--port', 'abc']).help).toBe(true);
    expect(parseArgs(['-h'], '/').help).toBe(true);
    const text = usage();
    for (const spec of RELAY_SETTINGS) {
      expect(text).toContain(spec.flag);
      expect(text).toContain(spec.env);
    }
    expect(text).toContain('--config');
  });
});

describe('settings of rich chats', () => {
  it('reads uploads as a boolean, JSON or an object from the config file', () => {
    expect(load([], { CONFAB_AGENT_TOKEN: TOKEN }).config.uploads).toBe(true);
    expect(load(['--uploads=off'], { CONFAB_AGENT_TOKEN: TOKEN }).config.uploads).toBe(false);
    const file = join(tempDir(), 'confab.json');
    writeFileSync(file, JSON.stringify({ agentToken: TOKEN, uploads: { dir: 'files', maxBytes: 1024 } }));
    expect(load([`--config=${file}`]).config.uploads).toEqual({ dir: 'files', maxBytes: 1024 });
    expect(errorOf(() => load(['--uploads=[1]'], { CONFAB_AGENT_TOKEN: TOKEN })).message).toContain('--uploads (value not shown: it holds secrets) is not a boolean or an object');
  });

  it('never repeats a refused identity secret', () => {
    const message = errorOf(() => load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_IDENTITY_SECRET: 'short-secret' })).message;
    expect(message).toContain('CONFAB_IDENTITY_SECRET (value not shown');
    expect(message).toContain('use 16 to 512 characters');
    expect(message).not.toContain('short-secret');
  });

  it('names the bad part of a pre-chat form or a proactive message', () => {
    expect(errorOf(() => load(['--pre-chat={"when":"never","fields":[{"key":"name"}]}'], { CONFAB_AGENT_TOKEN: TOKEN })).message).toContain(
      'is not a pre-chat form: when must be',
    );
    expect(errorOf(() => load([], { CONFAB_AGENT_TOKEN: TOKEN, CONFAB_PROACTIVE: '[{"id":"x","text":"Hi","delaySeconds":"soon"}]' })).message).toContain(
      '[0].delaySeconds "soon"',
    );
  });
});
