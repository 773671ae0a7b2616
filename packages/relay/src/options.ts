import { ConfabError } from '@confab/protocol';
import type { Adapter } from './adapters/adapter.js';
import type { AdapterOptions } from './adapters/adapter-config.js';
import type { BusinessHours, BusinessHoursOptions } from './business-hours/business-hours.js';
import { ADAPTER_NAME_PATTERN, ADAPTER_NAME_RULE } from './adapters/option-reader.js';
import { resolveSettings, type RawSetting, type RelayConfig } from './config.js';
import type { Hub } from './hub.js';
import type { Clock } from './rate-limit.js';
import { RELAY_SETTINGS, type RelaySettings, type SettingKey } from './settings.js';
import type { Store } from './store/store.js';

/** How long a client has to send `hello` (docs/protocol.md). */
export const HANDSHAKE_TIMEOUT_MS = 10_000;
/** How long shutdown waits for sockets to finish their close handshake before cutting them. */
export const SHUTDOWN_GRACE_MS = 5000;
/** How long any other close the relay starts (4009 slow consumer, 4008, 4001…) may take before the socket is cut. */
export const CLOSE_GRACE_MS = 5000;

/**
 * Options of {@link createRelay}: every setting of the settings table (all optional, validated like
 * the CLI's), plus programmatic extras.
 */
export interface RelayOptions extends Partial<Omit<RelaySettings, 'adapters' | 'businessHours'>> {
  /** Backends to forward visitor messages to, validated like the `adapters` setting. @default [] */
  adapters?: AdapterOptions[];
  /**
   * When the team answers, validated like the `businessHours` setting (docs/business-hours.md);
   * also the parsed value from `loadConfig()`. @default always open
   */
  businessHours?: BusinessHoursOptions | BusinessHours;
  /** Adapters of your own (docs/adapters/README.md#writing-an-adapter), beside the configured ones. @default [] */
  customAdapters?: Adapter[];
  /** Folder of the widget's built script files. @default `dist/script/` of the installed `@confab/widget` */
  widgetDir?: string;
  /** Folder of the built agent console. @default `packages/relay/console-dist/` */
  consoleDir?: string;
  /** A store to use instead of the SQLite one in `dataDir`; the caller keeps ownership and closes it. */
  store?: Store;
  /** A hub to use instead of the in-process one (e.g. a shared one across relay processes). */
  hub?: Hub;
  /** Time allowed for `hello`. @default 10000 (the protocol's value; lower it only in tests) */
  handshakeTimeoutMs?: number;
  /** How long typing indicators last without renewal. @default 6000 (the protocol's value) */
  typingExpiryMs?: number;
  /** How long shutdown waits for sockets to close cleanly. @default 5000 */
  shutdownGraceMs?: number;
  /**
   * How long a close the relay starts for one connection (4009 slow consumer, 4008 rate limited,
   * 4001 …) may take before the socket is cut: a client that reads nothing never completes it.
   * @default 5000
   */
  closeGraceMs?: number;
  /** Where the JSON log lines go (anything with `write(line)`). @default process.stdout */
  logStream?: LogStream;
  /** @default Date.now */
  now?: Clock;
}

/** A destination for log lines. */
export interface LogStream {
  write(line: string): void;
}

/** {@link RelayOptions} validated and completed. */
export interface ResolvedRelayOptions extends RelayConfig {
  widgetDir: string | undefined;
  consoleDir: string | undefined;
  store: Store | undefined;
  hub: Hub | undefined;
  customAdapters: Adapter[];
  handshakeTimeoutMs: number;
  typingExpiryMs: number;
  shutdownGraceMs: number;
  closeGraceMs: number;
  logStream: LogStream | undefined;
  now: Clock;
  /** True when dev mode generated the agent token. */
  agentTokenGenerated: boolean;
  warnings: string[];
}

const SETTING_KEYS = new Set<string>(RELAY_SETTINGS.map((spec) => spec.key));
const EXTRA_KEYS = new Set([
  'widgetDir',
  'consoleDir',
  'store',
  'hub',
  'customAdapters',
  'handshakeTimeoutMs',
  'typingExpiryMs',
  'shutdownGraceMs',
  'closeGraceMs',
  'logStream',
  'now',
]);

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > 3_600_000) {
    throw new ConfabError('CONFAB_CONFIG_INVALID', `options.${name}=${JSON.stringify(value)} is not a duration; use an integer from 1 to 3600000 (milliseconds)`);
  }
  return value;
}

function folder(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ConfabError('CONFAB_CONFIG_INVALID', `options.${name}=${JSON.stringify(value)} is not a path; use the path of a folder`);
  }
  return value;
}

function checkCustomAdapters(value: unknown, configuredNames: readonly string[]): Adapter[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfabError('CONFAB_CONFIG_INVALID', 'options.customAdapters must be an array of adapters');
  const names = new Set(configuredNames);
  value.forEach((adapter: Partial<Adapter> | null, index) => {
    const where = `options.customAdapters[${index}]`;
    if (typeof adapter !== 'object' || adapter === null || typeof adapter.attempt !== 'function') {
      throw new ConfabError('CONFAB_CONFIG_INVALID', `${where} is not an adapter: it needs a name and an attempt(delivery) method`);
    }
    if (typeof adapter.name !== 'string' || !ADAPTER_NAME_PATTERN.test(adapter.name)) {
      throw new ConfabError('CONFAB_CONFIG_INVALID', `${where}.name ${JSON.stringify(adapter.name)} is not a name (${ADAPTER_NAME_RULE})`);
    }
    if (names.has(adapter.name)) throw new ConfabError('CONFAB_CONFIG_INVALID', `${where}.name ${JSON.stringify(adapter.name)} is already used by another adapter`);
    if (adapter.routes !== undefined && typeof adapter.routes !== 'function') throw new ConfabError('CONFAB_CONFIG_INVALID', `${where}.routes must be a function`);
    names.add(adapter.name);
  });
  return value as Adapter[];
}

/** The console joins the chain by name without being configured; every other responder must be an adapter. */
function checkRoutingChain(chain: readonly string[], adapterNames: readonly string[]): void {
  chain.forEach((name, index) => {
    if (name !== 'console' && !adapterNames.includes(name)) {
      throw new ConfabError(
        'CONFAB_CONFIG_INVALID',
        `routing.chain[${index}] ${JSON.stringify(name)} is not an adapter; name one of: ${['console', ...adapterNames].join(', ')}`,
      );
    }
  });
}

/**
 * Validates {@link RelayOptions} like the CLI validates flags (same messages, naming
 * `options.<key>`), fills in defaults and, in dev mode without a token, generates one.
 */
export function resolveRelayOptions(options: RelayOptions = {}): ResolvedRelayOptions {
  const raw: RawSetting[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (SETTING_KEYS.has(key)) {
      if (value !== undefined) raw.push({ key: key as SettingKey, raw: value, source: { kind: 'option' }, baseDir: process.cwd() });
    } else if (!EXTRA_KEYS.has(key)) {
      throw new ConfabError(
        'CONFAB_CONFIG_INVALID',
        `Unknown relay option ${JSON.stringify(key)}; known options: ${[...SETTING_KEYS, ...EXTRA_KEYS].join(', ')}`,
      );
    }
  }
  const { config, agentTokenGenerated, warnings } = resolveSettings([raw]);
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new ConfabError('CONFAB_CONFIG_INVALID', 'options.now must be a function returning milliseconds since the epoch');
  }
  if (options.logStream !== undefined && typeof options.logStream?.write !== 'function') {
    throw new ConfabError('CONFAB_CONFIG_INVALID', 'options.logStream must have a write(line) method, like process.stdout');
  }
  const customAdapters = checkCustomAdapters(options.customAdapters, config.adapters.map((adapter) => adapter.name));
  checkRoutingChain(config.routing.chain, [...config.adapters, ...customAdapters].map((adapter) => adapter.name));
  return {
    ...config,
    customAdapters,
    widgetDir: folder('widgetDir', options.widgetDir),
    consoleDir: folder('consoleDir', options.consoleDir),
    store: options.store,
    hub: options.hub,
    handshakeTimeoutMs: duration('handshakeTimeoutMs', options.handshakeTimeoutMs, HANDSHAKE_TIMEOUT_MS),
    typingExpiryMs: duration('typingExpiryMs', options.typingExpiryMs, 6000),
    shutdownGraceMs: duration('shutdownGraceMs', options.shutdownGraceMs, SHUTDOWN_GRACE_MS),
    closeGraceMs: duration('closeGraceMs', options.closeGraceMs, CLOSE_GRACE_MS),
    logStream: options.logStream,
    now: options.now ?? Date.now,
    agentTokenGenerated,
    warnings,
  };
}
