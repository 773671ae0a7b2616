import { parseAdapterConfigs, type AdapterConfig } from './adapters/adapter-config.js';
import { parseRoutingConfig, type RoutingConfig } from './adapters/routing-config.js';
import type { PreChatForm, ProactiveMessage } from '@confab/protocol';
import { parseBusinessHours, type BusinessHours } from './business-hours/business-hours.js';
import { parsePreChatForm } from './pre-chat/pre-chat-form.js';
import { parseProactiveMessages } from './proactive/proactive-messages.js';
import { normalizeOrigin } from './origin.js';
import { SettingRejection } from './setting-rejection.js';

export { SettingRejection } from './setting-rejection.js';

/** Log levels the relay accepts (pino's, plus `silent`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting of the relay, as documented in docs/relay-config.md. */
export interface RelaySettings {
  /** TCP port to listen on; 0 picks a free one. @default 8787 */
  port: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host: string;
  /**
   * Length of the queue of connections the kernel has accepted but the relay not yet taken, capped
   * by `net.core.somaxconn`. When every shopper reconnects at once (a relay restart, a network
   * blip), a full queue makes the kernel drop SYNs that clients retry only after 1 s, then 3 s.
   * @default 4096
   */
  listenBacklog: number;
  /** Directory of the SQLite database; created if missing. @default './.confab-data' */
  dataDir: string;
  /** Bearer token of the agent API and agent stream; generated in dev mode, required otherwise. */
  agentToken: string | undefined;
  /** Origins (besides the relay's own) whose pages may open the visitor socket. @default [] */
  allowedOrigins: string[];
  /** Longest message text, in Unicode code points. @default 4000 */
  maxTextLength: number;
  /** Largest WebSocket frame accepted, in bytes; bigger ones close the socket with 1009. @default 65536 */
  maxFrameBytes: number;
  /** Interval of the relay's WebSocket pings, announced to clients in `welcome`. @default 25000 */
  heartbeatMs: number;
  /** Messages one connection may send per minute (bursts of 20 allowed). @default 120 */
  messagesPerMinute: number;
  /**
   * Bytes that may wait unsent for one connection (visitor or agent); a client that falls further
   * behind is closed with 4009 (SLOW_CONSUMER) and resumes from the log. @default 1048576 (1 MiB)
   */
  maxQueuedBytes: number;
  /** Dev mode: generated agent token, URLs printed, demo shop at `/`. @default false */
  dev: boolean;
  /** Folder served at `/` in dev mode (the demo shop). */
  demoDir: string | undefined;
  /** Minimum level of the JSON logs. @default 'info' */
  logLevel: LogLevel;
  /** Backends visitor messages are forwarded to (docs/adapters/README.md). @default [] */
  adapters: AdapterConfig[];
  /** Which adapters answer conversations, in hand-over order (docs/adapters/README.md#routing). @default { chain: [] } */
  routing: RoutingConfig;
  /**
   * When the team answers (docs/business-hours.md): each `welcome` then says whether it is in and,
   * outside the hours, when it next is. Undefined: always open, and `welcome` carries no availability.
   */
  businessHours: BusinessHours | undefined;
  /**
   * Attachments (docs/attachments.md): `true` for the defaults (local disk in `<dataDir>/uploads`,
   * 10 MB, images, PDF and plain text), an object such as `{ "maxBytes": 5242880, "s3": {…} }`
   * (checked when the relay starts), or `false` to take no files. @default true
   */
  uploads: UploadsSetting;
  /**
   * Secret the shop's server signs identities with (`identify`: HMAC-SHA256 hash or HS256 JWT);
   * at least 16 characters, never logged. Undefined: identities are stored unverified and JWTs refused.
   */
  identitySecret: string | undefined;
  /** The form shoppers fill in before chatting (`welcome.preChat`); undefined: none. */
  preChat: PreChatForm | undefined;
  /** Messages the widget may offer on its own, served at `GET /v1/widget-config`. @default [] */
  proactive: ProactiveMessage[];
}

/** The `uploads` setting as read: on with defaults, off, or options checked when the relay starts. */
export type UploadsSetting = boolean | Record<string, unknown>;

/** A setting's name. */
export type SettingKey = keyof RelaySettings;

/** One row of the settings table: how a setting is named in each source and how its value is read. */
export interface SettingSpec<K extends SettingKey = SettingKey> {
  readonly key: K;
  readonly flag: `--${string}`;
  readonly env: `CONFAB_${string}`;
  /** One line for `--help` and the docs. */
  readonly description: string;
  /** The default as shown to people. */
  readonly defaultText: string;
  readonly default: RelaySettings[K];
  /** A bare flag (`--dev`) means true. */
  readonly isBoolean?: boolean;
  /** A path, resolved against the working directory (flags, env) or the config file's folder. */
  readonly isPath?: boolean;
  /** Holds secrets: error messages name the setting but never repeat its value. */
  readonly isSecret?: boolean;
  /** Turns a raw value (text from a flag or env, or JSON from the file) into the setting; throws a {@link SettingRejection}. */
  /** Validates a raw value; `baseDir` resolves relative paths inside it (the config file's folder, else the working directory). */
  parse(raw: unknown, baseDir: string): RelaySettings[K];
}

function integerSetting(noun: string, min: number, max: number, unit = ''): (raw: unknown) => number {
  return (raw) => {
    const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new SettingRejection(`is not ${noun}`, `use an integer from ${min} to ${max}${unit}`);
    }
    return value;
  };
}

function booleanSetting(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;
  }
  throw new SettingRejection('is not a boolean', 'use true or false (also 1/0, yes/no, on/off)');
}

function pathSetting(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new SettingRejection('is not a path', 'use a directory path such as ./.confab-data');
  }
  return raw;
}

const TOKEN_MIN = 16;
const TOKEN_MAX = 512;

function tokenSetting(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length < TOKEN_MIN || raw.length > TOKEN_MAX || !/^[\x21-\x7E]+$/.test(raw)) {
    throw new SettingRejection(
      'is not a usable agent token',
      `use ${TOKEN_MIN} to ${TOKEN_MAX} printable ASCII characters without spaces (e.g. the output of \`openssl rand -base64 32\`)`,
    );
  }
  return raw;
}

function hostSetting(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[A-Za-z0-9.:%_[\]-]{1,253}$/.test(raw)) {
    throw new SettingRejection('is not a host name or IP address', 'use e.g. 127.0.0.1, 0.0.0.0, :: or localhost');
  }
  return raw;
}

function originsSetting(raw: unknown): string[] {
  const entries = typeof raw === 'string' ? raw.split(',') : raw;
  const accepted = 'use a comma-separated list (a JSON array in the config file) of origins such as https://shop.example';
  if (!Array.isArray(entries)) throw new SettingRejection('is not a list of origins', accepted);
  const origins = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== 'string') throw new SettingRejection('is not a list of origins', accepted);
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const origin = normalizeOrigin(trimmed);
    if (origin === undefined) {
      throw new SettingRejection(`contains ${JSON.stringify(trimmed)}, which is not an origin (scheme, host and port only)`, accepted);
    }
    origins.add(origin);
  }
  return [...origins];
}

const SECRET_MIN = 16;

function identitySecretSetting(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length < SECRET_MIN || raw.length > TOKEN_MAX || raw.trim() !== raw) {
    throw new SettingRejection(
      'is not a usable identity secret',
      `use ${SECRET_MIN} to ${TOKEN_MAX} characters without surrounding spaces (e.g. the output of \`openssl rand -hex 32\`), the same one the shop's server signs with`,
    );
  }
  return raw;
}

const UPLOADS_ACCEPTED =
  'use true (the defaults), false (no uploads), or a JSON object such as { "maxBytes": 5242880, "types": ["image/*", "application/pdf"] } (see docs/attachments.md)';

function uploadsSetting(raw: unknown): UploadsSetting {
  let value = raw;
  if (typeof raw === 'string') {
    const word = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(word)) return true;
    if (['0', 'false', 'no', 'off'].includes(word)) return false;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new SettingRejection(`is not a boolean or JSON (${(error as Error).message})`, UPLOADS_ACCEPTED);
    }
  }
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SettingRejection('is not a boolean or an object', UPLOADS_ACCEPTED);
  // Checked in full when the relay starts (resolveUploadSettings), where a relative `dir` is read
  // from the data directory, which is only known then.
  return { ...(value as Record<string, unknown>) };
}

function logLevelSetting(raw: unknown): LogLevel {
  if (typeof raw === 'string' && (LOG_LEVELS as readonly string[]).includes(raw.trim().toLowerCase())) {
    return raw.trim().toLowerCase() as LogLevel;
  }
  throw new SettingRejection('is not a log level', `use one of ${LOG_LEVELS.join(', ')}`);
}

function define<K extends SettingKey>(spec: SettingSpec<K>): SettingSpec<K> {
  return spec;
}

/** The settings table: key, flag, environment variable, default and parser of every setting. */
export const RELAY_SETTINGS = [
  define({
    key: 'port',
    flag: '--port',
    env: 'CONFAB_PORT',
    description: 'TCP port to listen on (0 picks a free port)',
    default: 8787,
    defaultText: '8787',
    parse: integerSetting('a port', 0, 65535),
  }),
  define({
    key: 'host',
    flag: '--host',
    env: 'CONFAB_HOST',
    description: 'interface to listen on; 0.0.0.0 or :: for every interface',
    default: '127.0.0.1',
    defaultText: '127.0.0.1',
    parse: hostSetting,
  }),
  define({
    key: 'listenBacklog',
    flag: '--listen-backlog',
    env: 'CONFAB_LISTEN_BACKLOG',
    description: 'connections the kernel may queue before the relay takes them (capped by net.core.somaxconn)',
    default: 4096,
    defaultText: '4096',
    parse: integerSetting('a listen backlog', 1, 65535, ' (connections)'),
  }),
  define({
    key: 'dataDir',
    flag: '--data-dir',
    env: 'CONFAB_DATA_DIR',
    description: 'directory of the SQLite database (created if missing)',
    default: './.confab-data',
    defaultText: './.confab-data',
    isPath: true,
    parse: pathSetting,
  }),
  define({
    key: 'agentToken',
    flag: '--agent-token',
    env: 'CONFAB_AGENT_TOKEN',
    description: 'secret of the agent API and console; generated and printed in dev mode',
    default: undefined,
    defaultText: 'generated in dev; required otherwise',
    parse: tokenSetting,
  }),
  define({
    key: 'allowedOrigins',
    flag: '--allowed-origins',
    env: 'CONFAB_ALLOWED_ORIGINS',
    description: 'comma-separated origins whose pages may open the visitor socket',
    default: [],
    defaultText: 'none: same origin only',
    parse: originsSetting,
  }),
  define({
    key: 'maxTextLength',
    flag: '--max-text-length',
    env: 'CONFAB_MAX_TEXT_LENGTH',
    description: 'longest message text, in Unicode code points',
    default: 4000,
    defaultText: '4000',
    parse: integerSetting('a text length', 1, 100_000, ' (code points)'),
  }),
  define({
    key: 'maxFrameBytes',
    flag: '--max-frame-bytes',
    env: 'CONFAB_MAX_FRAME_BYTES',
    description: 'largest WebSocket frame accepted, in bytes',
    default: 65536,
    defaultText: '65536',
    parse: integerSetting('a frame size', 1024, 16 * 1024 * 1024, ' (bytes)'),
  }),
  define({
    key: 'heartbeatMs',
    flag: '--heartbeat-ms',
    env: 'CONFAB_HEARTBEAT_MS',
    description: 'interval of WebSocket pings, in milliseconds',
    default: 25000,
    defaultText: '25000',
    parse: integerSetting('a heartbeat interval', 1000, 600_000, ' (milliseconds)'),
  }),
  define({
    key: 'messagesPerMinute',
    flag: '--messages-per-minute',
    env: 'CONFAB_MESSAGES_PER_MINUTE',
    description: 'messages one connection may send per minute (bursts of 20)',
    default: 120,
    defaultText: '120 (burst 20)',
    parse: integerSetting('a message rate', 1, 100_000, ' (messages per minute)'),
  }),
  define({
    key: 'maxQueuedBytes',
    flag: '--max-queued-bytes',
    env: 'CONFAB_MAX_QUEUED_BYTES',
    description: 'unsent bytes one connection may queue before it is closed with 4009 (slow consumer)',
    default: 1024 * 1024,
    defaultText: '1048576 (1 MiB)',
    parse: integerSetting('a queue size', 1024, 1024 * 1024 * 1024, ' (bytes)'),
  }),
  define({
    key: 'dev',
    flag: '--dev',
    env: 'CONFAB_DEV',
    description: 'dev mode: generated token, URLs printed, demo shop at /',
    default: false,
    defaultText: 'false',
    isBoolean: true,
    parse: booleanSetting,
  }),
  define({
    key: 'demoDir',
    flag: '--demo-dir',
    env: 'CONFAB_DEMO_DIR',
    description: 'folder served at / in dev mode (the demo shop)',
    default: undefined,
    defaultText: 'none',
    isPath: true,
    parse: pathSetting,
  }),
  define({
    key: 'logLevel',
    flag: '--log-level',
    env: 'CONFAB_LOG_LEVEL',
    description: `minimum level of the JSON logs (${LOG_LEVELS.join(', ')})`,
    default: 'info',
    defaultText: 'info',
    parse: logLevelSetting,
  }),
  define({
    key: 'adapters',
    flag: '--adapters',
    env: 'CONFAB_ADAPTERS',
    description: 'backends to forward visitor messages to, as JSON (see docs/adapters/README.md)',
    default: [],
    defaultText: 'none',
    isSecret: true,
    parse: (raw, baseDir) => parseAdapterConfigs(raw, baseDir),
  }),
  define({
    key: 'routing',
    flag: '--routing',
    env: 'CONFAB_ROUTING',
    description: 'which adapters answer conversations, in hand-over order, as JSON such as {"chain":["faq","console"]}',
    default: { chain: [] },
    defaultText: 'none (every adapter hears everything)',
    parse: (raw) => parseRoutingConfig(raw),
  }),
  define({
    key: 'businessHours',
    flag: '--business-hours',
    env: 'CONFAB_BUSINESS_HOURS',
    description: 'when the team answers, as JSON such as {"timeZone":"Europe/Berlin","weekly":{"mon":["09:00-18:00"]}} (see docs/business-hours.md)',
    default: undefined,
    defaultText: 'none (always open)',
    parse: (raw) => parseBusinessHours(raw),
  }),
  define({
    key: 'uploads',
    flag: '--uploads',
    env: 'CONFAB_UPLOADS',
    description: 'attachments: true, false, or JSON such as {"maxBytes":5242880} or {"s3":{…}} (see docs/attachments.md)',
    default: true,
    defaultText: 'true (local disk in <dataDir>/uploads, 10 MB, images, PDF, text)',
    // S3 credentials may be in it.
    isSecret: true,
    parse: uploadsSetting,
  }),
  define({
    key: 'identitySecret',
    flag: '--identity-secret',
    env: 'CONFAB_IDENTITY_SECRET',
    description: "secret the shop's server signs shopper identities with (HMAC-SHA256 hash or HS256 JWT)",
    default: undefined,
    defaultText: 'none (identities stored unverified, JWTs refused)',
    isSecret: true,
    parse: identitySecretSetting,
  }),
  define({
    key: 'preChat',
    flag: '--pre-chat',
    env: 'CONFAB_PRE_CHAT',
    description: 'form shown before the chat, as JSON such as {"when":"always","fields":[{"key":"name","isRequired":true},{"key":"email","type":"email"}]}',
    default: undefined,
    defaultText: 'none',
    parse: (raw) => parsePreChatForm(raw),
  }),
  define({
    key: 'proactive',
    flag: '--proactive',
    env: 'CONFAB_PROACTIVE',
    description: 'messages the widget may show on its own, as JSON such as [{"id":"help","text":"Need help?","delaySeconds":20}]',
    default: [],
    defaultText: 'none',
    parse: (raw) => parseProactiveMessages(raw),
  }),
] as const satisfies readonly SettingSpec[];

/** The flag and environment variable naming the config file, which is not a setting itself. */
export const CONFIG_FILE_FLAG = '--config';
/** Environment variable naming the config file. */
export const CONFIG_FILE_ENV = 'CONFAB_CONFIG';

/** The spec of one setting by key. */
export function settingSpec<K extends SettingKey>(key: K): SettingSpec<K> {
  return RELAY_SETTINGS.find((spec) => spec.key === key) as unknown as SettingSpec<K>;
}

/** Each setting's default. */
export function defaultSettings(): RelaySettings {
  const settings: Record<string, unknown> = {};
  for (const spec of RELAY_SETTINGS) {
    settings[spec.key] = typeof spec.default === 'object' && spec.default !== null ? structuredClone(spec.default) : spec.default;
  }
  return settings as unknown as RelaySettings;
}

/** The shortest room a frame needs for a message of `maxTextLength` code points (4 UTF-8 bytes each, plus the frame around it). */
export function minFrameBytesFor(maxTextLength: number): number {
  return maxTextLength * 4 + 1024;
}
