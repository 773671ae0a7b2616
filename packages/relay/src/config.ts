import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { nanoid } from 'nanoid';
import { ConfabError } from '@confab/protocol';
import {
  CONFIG_FILE_ENV,
  CONFIG_FILE_FLAG,
  RELAY_SETTINGS,
  SettingRejection,
  defaultSettings,
  minFrameBytesFor,
  type RelaySettings,
  type SettingKey,
  type SettingSpec,
} from './settings.js';

/** Where a raw setting value came from; errors name the setting the way that source spells it. */
export type SettingSource =
  | { kind: 'flag' }
  | { kind: 'env' }
  | { kind: 'file'; path: string }
  | { kind: 'option' };

/** A setting value as found in one source, before validation. */
export interface RawSetting {
  key: SettingKey;
  raw: unknown;
  source: SettingSource;
  /** Relative paths are resolved against this folder. */
  baseDir: string;
}

/** Every setting validated and complete: what the relay runs with. */
export interface RelayConfig extends RelaySettings {
  agentToken: string;
}

/** The outcome of {@link resolveSettings}. */
export interface ResolvedSettings {
  config: RelayConfig;
  /** True when dev mode made up the agent token (the CLI prints it). */
  agentTokenGenerated: boolean;
  /** Things worth a log line that do not stop start-up. */
  warnings: string[];
}

const SPEC_BY_FLAG = new Map<string, SettingSpec>(RELAY_SETTINGS.map((spec) => [spec.flag, spec as SettingSpec]));
const SPEC_BY_ENV = new Map<string, SettingSpec>(RELAY_SETTINGS.map((spec) => [spec.env, spec as SettingSpec]));
const SPEC_BY_KEY = new Map<string, SettingSpec>(RELAY_SETTINGS.map((spec) => [spec.key, spec as SettingSpec]));

function describe(spec: SettingSpec, raw: unknown, source: SettingSource): string {
  if (spec.isSecret) return `${nameIn(spec, source)} (value not shown: it holds secrets)`;
  const value = JSON.stringify(raw) ?? String(raw);
  switch (source.kind) {
    case 'flag':
      return `${spec.flag}=${value}`;
    case 'env':
      return `${spec.env}=${value}`;
    case 'file':
      return `"${spec.key}": ${value} in config file ${source.path}`;
    case 'option':
      return `options.${spec.key}=${value}`;
  }
}

/** How a source spells a setting's name, e.g. `CONFAB_PORT` or `--port`. */
function nameIn(spec: SettingSpec, source: SettingSource): string {
  switch (source.kind) {
    case 'flag':
      return spec.flag;
    case 'env':
      return spec.env;
    case 'file':
      return `"${spec.key}" in ${source.path}`;
    case 'option':
      return `options.${spec.key}`;
  }
}

function invalid(message: string, cause?: unknown): ConfabError {
  return new ConfabError('CONFAB_CONFIG_INVALID', message, cause === undefined ? undefined : { cause });
}

/** Output of {@link parseArgs}. */
export interface ParsedArgs {
  /** `--help` or `-h` was given. */
  help: boolean;
  /** `--version` was given. */
  version: boolean;
  /** The `--config` path, resolved. */
  configFile?: string;
  settings: RawSetting[];
}

/**
 * Reads command-line flags: `--port 8787`, `--port=8787`, bare `--dev`. Unknown flags, positional
 * arguments and flags without a value throw `CONFAB_CONFIG_INVALID`.
 * @example
 * parseArgs(['--dev', '--port', '0'], process.cwd()).settings
 */
export function parseArgs(argv: readonly string[], cwd: string): ParsedArgs {
  const parsed: ParsedArgs = { help: false, version: false, settings: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      parsed.help = true;
      continue;
    }
    if (arg === '--version') {
      parsed.version = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      throw invalid(`Unexpected argument ${JSON.stringify(arg)}; every setting is a flag such as --port 8787 (see --help)`);
    }
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const spec = SPEC_BY_FLAG.get(flag);
    if (flag !== CONFIG_FILE_FLAG && !spec) {
      throw invalid(`Unknown flag ${flag}; run confab-relay --help to see every setting`);
    }
    let raw: string | boolean;
    if (equals >= 0) raw = arg.slice(equals + 1);
    else if (spec?.isBoolean) raw = true;
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw invalid(`${flag} needs a value, e.g. ${flag}=${spec?.defaultText.split(' ')[0] ?? 'confab.json'}`);
      }
      raw = next;
      i++;
    }
    if (flag === CONFIG_FILE_FLAG) {
      if (typeof raw !== 'string' || raw.trim() === '') throw invalid(`${CONFIG_FILE_FLAG} needs the path of a JSON file`);
      parsed.configFile = resolve(cwd, raw);
    } else {
      parsed.settings.push({ key: spec!.key, raw, source: { kind: 'flag' }, baseDir: cwd });
    }
  }
  return parsed;
}

/** Output of {@link readEnvSettings}. */
export interface EnvSettings {
  /** The `CONFAB_CONFIG` path, resolved. */
  configFile?: string;
  settings: RawSetting[];
  /** `CONFAB_*` variables that are not settings (perhaps typos); reported as warnings. */
  unknown: string[];
}

/** Reads the `CONFAB_*` environment variables; empty ones count as unset. */
export function readEnvSettings(env: Readonly<Record<string, string | undefined>>, cwd: string): EnvSettings {
  const result: EnvSettings = { settings: [], unknown: [] };
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('CONFAB_') || value === undefined || value === '') continue;
    if (name === CONFIG_FILE_ENV) {
      result.configFile = resolve(cwd, value);
      continue;
    }
    const spec = SPEC_BY_ENV.get(name);
    if (spec) result.settings.push({ key: spec.key, raw: value, source: { kind: 'env' }, baseDir: cwd });
    else result.unknown.push(name);
  }
  return result;
}

/**
 * Reads a JSON config file whose keys are setting keys (`port`, `dataDir`, …). A missing file,
 * bad JSON, a non-object or an unknown key throws `CONFAB_CONFIG_INVALID`. Relative paths in the
 * file are resolved against the file's folder.
 */
export function readConfigFile(path: string): RawSetting[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw invalid(`Cannot read config file ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the path given with ${CONFIG_FILE_FLAG} or ${CONFIG_FILE_ENV}`, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(`Config file ${path} is not valid JSON: ${(error as Error).message}`, error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(`Config file ${path} must hold a JSON object such as { "port": 8787 }`);
  }
  const source: SettingSource = { kind: 'file', path };
  const settings: RawSetting[] = [];
  for (const [key, raw] of Object.entries(json)) {
    const spec = SPEC_BY_KEY.get(key);
    if (!spec) {
      throw invalid(`Unknown setting ${JSON.stringify(key)} in config file ${path}; known settings: ${[...SPEC_BY_KEY.keys()].join(', ')}`);
    }
    if (raw === null) continue;
    settings.push({ key: spec.key, raw, source, baseDir: dirname(path) });
  }
  return settings;
}

/**
 * Validates raw settings and fills in defaults. `layers` come highest precedence first
 * (flags, env, file); for each setting only the winning value is validated. Also checks settings
 * against each other, creates the dev agent token, and resolves paths. Throws
 * `CONFAB_CONFIG_INVALID` naming the setting, the bad value and what is accepted. The default
 * data directory is resolved against `cwd`.
 */
export function resolveSettings(layers: readonly (readonly RawSetting[])[], cwd: string = process.cwd()): ResolvedSettings {
  const config = defaultSettings() as unknown as Record<string, unknown>;
  const winners = new Map<SettingKey, RawSetting>();
  for (const layer of layers) {
    for (const entry of layer) {
      if (!winners.has(entry.key)) winners.set(entry.key, entry);
    }
  }
  for (const [key, entry] of winners) {
    const spec = SPEC_BY_KEY.get(key)!;
    let value: unknown;
    try {
      value = spec.parse(entry.raw, entry.baseDir);
    } catch (error) {
      if (error instanceof SettingRejection) {
        throw invalid(`${describe(spec, entry.raw, entry.source)} ${error.problem}; ${error.accepted}`);
      }
      throw error;
    }
    config[key] = spec.isPath ? resolve(entry.baseDir, value as string) : value;
  }
  if (!winners.has('dataDir')) config['dataDir'] = resolve(cwd, config['dataDir'] as string);

  const settings = config as unknown as RelaySettings;
  const warnings: string[] = [];
  const nameOf = (key: SettingKey) => {
    const entry = winners.get(key);
    const spec = SPEC_BY_KEY.get(key)!;
    return entry ? nameIn(spec, entry.source) : `${spec.env} (default ${spec.defaultText})`;
  };

  const neededFrame = minFrameBytesFor(settings.maxTextLength);
  if (settings.maxFrameBytes < neededFrame) {
    throw invalid(
      `${nameOf('maxFrameBytes')}=${settings.maxFrameBytes} is too small for ${nameOf('maxTextLength')}=${settings.maxTextLength}: ` +
        `a message that long can take up to ${neededFrame} bytes; raise maxFrameBytes to at least ${neededFrame} or lower maxTextLength`,
    );
  }

  if (settings.maxQueuedBytes < settings.maxFrameBytes) {
    throw invalid(
      `${nameOf('maxQueuedBytes')}=${settings.maxQueuedBytes} is smaller than ${nameOf('maxFrameBytes')}=${settings.maxFrameBytes}: ` +
        `a connection could not queue even one message of the largest size; raise maxQueuedBytes to at least ${settings.maxFrameBytes} or lower maxFrameBytes`,
    );
  }

  if (settings.demoDir !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(settings.demoDir).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) {
      const entry = winners.get('demoDir')!;
      throw invalid(`${describe(SPEC_BY_KEY.get('demoDir')!, entry.raw, entry.source)} is not a directory (looked at ${settings.demoDir}); use the folder of the demo shop, e.g. examples/shop/public`);
    }
    if (!settings.dev) warnings.push(`${nameOf('demoDir')} is ignored outside dev mode; the demo shop is served only with --dev`);
  }

  let agentTokenGenerated = false;
  if (settings.agentToken === undefined) {
    if (!settings.dev) {
      throw invalid(
        'agentToken is required outside dev mode: set CONFAB_AGENT_TOKEN (or --agent-token, or "agentToken" in the config file) ' +
          'to a secret of at least 16 characters, or start with --dev to get a generated one',
      );
    }
    settings.agentToken = nanoid(32);
    agentTokenGenerated = true;
  }
  return { config: settings as RelayConfig, agentTokenGenerated, warnings };
}

/** Where {@link loadConfig} reads from. */
export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths in flags and env are resolved against this. @default process.cwd() */
  cwd?: string;
}

/** Output of {@link loadConfig}. */
export interface LoadedConfig extends ResolvedSettings {
  /** `--help` was asked for; nothing else was validated. */
  help: boolean;
  /** `--version` was asked for; nothing else was validated. */
  version: boolean;
  /** The config file read, if any. */
  configFile?: string;
  /** `CONFAB_*` environment variables that are not settings (typos, or other tools' variables). */
  ignoredEnv: string[];
}

/**
 * Reads the relay's settings from flags, `CONFAB_*` environment variables and an optional JSON
 * config file (`--config` / `CONFAB_CONFIG`), in that order of precedence, over the defaults.
 * @example
 * const { config, agentTokenGenerated } = loadConfig({ argv: process.argv.slice(2), env: process.env });
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const cwd = sources.cwd ?? process.cwd();
  const args = parseArgs(sources.argv, cwd);
  if (args.help || args.version) {
    const defaults = defaultSettings();
    return {
      help: args.help,
      version: args.version,
      config: { ...defaults, agentToken: '' },
      agentTokenGenerated: false,
      warnings: [],
      ignoredEnv: [],
    };
  }
  const env = readEnvSettings(sources.env, cwd);
  const configFile = args.configFile ?? env.configFile;
  const file = configFile === undefined ? [] : readConfigFile(configFile);
  const resolved = resolveSettings([args.settings, env.settings, file], cwd);
  const loaded: LoadedConfig = { ...resolved, help: false, version: false, ignoredEnv: env.unknown };
  if (configFile !== undefined) loaded.configFile = configFile;
  return loaded;
}

/** The `--help` text, generated from the settings table. */
export function usage(): string {
  const rows = RELAY_SETTINGS.map((spec) => {
    const flag = spec.isBoolean ? spec.flag : `${spec.flag} <value>`;
    return `  ${flag.padEnd(30)}${spec.description}\n  ${''.padEnd(30)}env ${spec.env}; default ${spec.defaultText}`;
  });
  return [
    'Usage: confab-relay [flags]',
    '',
    'Runs the Confab relay: visitor and agent WebSockets, the agent API and console, the widget files.',
    'Each setting is a flag, a CONFAB_* environment variable or a key of the JSON config file;',
    'flags win over the environment, which wins over the file.',
    '',
    ...rows,
    `  ${`${CONFIG_FILE_FLAG} <file>`.padEnd(30)}JSON file with settings by key, e.g. { "port": 8787 }`,
    `  ${''.padEnd(30)}env ${CONFIG_FILE_ENV}`,
    `  ${'--help, -h'.padEnd(30)}print this help`,
    `  ${'--version'.padEnd(30)}print the relay version`,
    '',
    'Docs: docs/relay-config.md',
    '',
  ].join('\n');
}
