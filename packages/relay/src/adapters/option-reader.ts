import { resolve } from 'node:path';
import { ConfabError } from '@confab/protocol';
import { SettingRejection } from '../setting-rejection.js';
import { parseWebhookSecret } from './standard-webhooks.js';

/** Completes every refusal of the `adapters` setting: what a good value looks like. */
export const ADAPTERS_ACCEPTED =
  'use a JSON array of adapters such as [{ "type": "webhook", "url": "https://helpdesk.example/hooks/confab", "secrets": ["whsec_…"] }] (see docs/adapters/README.md)';
/** What an adapter may be called: it appears in paths (`/v1/adapters/<name>/`) and logs. */
export const ADAPTER_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
/** Completes "… is not a name" for a refused adapter name. */
export const ADAPTER_NAME_RULE = 'lowercase letters, digits and -, up to 32';

/** Refuses the `adapters` setting; the message names the entry and option, never the value of a secret. */
export function rejectAdapters(problem: string): never {
  throw new SettingRejection(problem, ADAPTERS_ACCEPTED);
}

interface TextRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** Completes "… is not <rule>" when `pattern` does not match. */
  rule?: string;
  /** Secrets are never quoted back in a refusal. */
  isSecret?: boolean;
}

/**
 * Reads one entry of the `adapters` setting, option by option, refusing a bad one with a message
 * such as `adapters[1].baseUrl "ftp://x" is not an http(s) URL`. Unknown options are refused at
 * once, so a typo never silently falls back to a default.
 */
export class OptionReader {
  readonly entry: Readonly<Record<string, unknown>>;
  /** Where the entry is, such as `adapters[1]`. */
  readonly where: string;
  /** The folder relative paths are resolved against (the config file's). */
  readonly baseDir: string;

  constructor(entry: Record<string, unknown>, where: string, known: readonly string[], baseDir: string) {
    this.entry = entry;
    this.where = where;
    this.baseDir = baseDir;
    const allowed = new Set(['type', 'name', ...known]);
    for (const key of Object.keys(entry)) {
      if (!allowed.has(key)) rejectAdapters(`${where} has an unknown option ${JSON.stringify(key)} (known: ${[...allowed].join(', ')})`);
    }
  }

  /** Refuses option `key` with `problem`. */
  reject(key: string, problem: string): never {
    return rejectAdapters(`${this.where}.${key} ${problem}`);
  }

  #show(key: string, isSecret = false): string {
    return isSecret ? '' : `${JSON.stringify(this.entry[key])} `;
  }

  /** The adapter's name: `fallback` (its type) unless given. */
  name(fallback: string): string {
    const name = this.entry['name'] ?? fallback;
    if (typeof name !== 'string' || !ADAPTER_NAME_PATTERN.test(name)) this.reject('name', `${this.#show('name')}is not a name (${ADAPTER_NAME_RULE})`);
    return name;
  }

  /** A string option that must be there. */
  string(key: string, rule: TextRule = {}): string {
    const value = this.optionalString(key, rule);
    if (value === undefined) this.reject(key, 'is missing');
    return value;
  }

  /** A string option that may be left out. */
  optionalString(key: string, rule: TextRule = {}): string | undefined {
    const value = this.entry[key];
    if (value === undefined) return undefined;
    const min = rule.min ?? 1;
    const max = rule.max ?? 10_000;
    if (typeof value !== 'string' || [...value].length < min || [...value].length > max) {
      this.reject(key, `${this.#show(key, rule.isSecret)}is not a string of ${min} to ${max} characters`);
    }
    if (rule.pattern && !rule.pattern.test(value)) this.reject(key, `${this.#show(key, rule.isSecret)}is not ${rule.rule ?? `text matching ${rule.pattern}`}`);
    return value;
  }

  /** An http(s) URL option (normalised); `fallback` when left out, refused as missing without one. */
  httpUrl(key: string, fallback?: string): string {
    const value = this.entry[key] ?? fallback;
    if (value === undefined) this.reject(key, 'is missing');
    let parsed: URL | undefined;
    try {
      parsed = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) this.reject(key, `${this.#show(key)}is not an http(s) URL`);
    return parsed.href;
  }

  /** An integer option from `min` to `max`; `fallback` when left out. */
  integer(key: string, options: { fallback: number; min: number; max: number; unit?: string }): number {
    const value = this.entry[key] ?? options.fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < options.min || value > options.max) {
      const unit = options.unit ? ` (${options.unit})` : '';
      this.reject(key, `${this.#show(key)}is not an integer from ${options.min} to ${options.max}${unit}`);
    }
    return value;
  }

  /** A timeout in milliseconds, from 100 ms to 2 minutes. */
  timeoutMs(key: string, fallback: number): number {
    return this.integer(key, { fallback, min: 100, max: 120_000, unit: 'milliseconds' });
  }

  /** A true/false option; `fallback` when left out. */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.entry[key] ?? fallback;
    if (typeof value !== 'boolean') this.reject(key, `${this.#show(key)}is not true or false`);
    return value;
  }

  /** A list of strings (a single string counts as a list of one); `fallback` when left out. */
  stringList(key: string, options: { fallback?: string[]; min?: number; max?: number; rule?: TextRule } = {}): string[] {
    const raw = this.entry[key];
    if (raw === undefined) {
      if (options.fallback === undefined) this.reject(key, 'is missing');
      return options.fallback;
    }
    const list = typeof raw === 'string' ? [raw] : raw;
    const min = options.min ?? 1;
    const max = options.max ?? 100;
    if (!Array.isArray(list) || list.length < min || list.length > max) this.reject(key, `is not a list of ${min} to ${max} strings`);
    list.forEach((_item, index) => {
      const reader = new OptionReader({ [`${key}[${index}]`]: list[index] }, this.where, [`${key}[${index}]`], this.baseDir);
      reader.string(`${key}[${index}]`, options.rule);
    });
    return list as string[];
  }

  /** Standard Webhooks secrets (`whsec_…`), one or several; `fallback` when left out. */
  webhookSecrets(key: string, fallback?: string[]): string[] {
    const raw = this.entry[key];
    if (raw === undefined && fallback !== undefined) return fallback;
    const list = typeof raw === 'string' ? [raw] : raw;
    if (!Array.isArray(list) || list.length === 0 || !list.every((secret) => typeof secret === 'string')) {
      this.reject(key, 'must be a secret or a non-empty list of secrets ("whsec_" followed by base64)');
    }
    list.forEach((secret: string, index) => {
      try {
        parseWebhookSecret(secret);
      } catch (error) {
        if (error instanceof ConfabError) this.reject(`${key}[${index}]`, `is unusable: ${error.message}`);
        throw error;
      }
    });
    return list as string[];
  }

  /** A file path option, resolved against the config file's folder. */
  path(key: string): string {
    return resolve(this.baseDir, this.string(key, { max: 4096 }));
  }
}
