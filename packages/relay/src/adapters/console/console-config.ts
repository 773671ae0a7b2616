import type { OptionReader } from '../option-reader.js';

/** The `console` adapter's options: none but its name. */
export interface ConsoleAdapterConfig {
  type: 'console';
  /** @default 'console' */
  name: string;
}

/** The `console` adapter as written in the config. */
export interface ConsoleAdapterOptions {
  type: 'console';
  name?: string;
}

/** Option names of the `console` adapter, besides `type` and `name`. */
export const CONSOLE_OPTIONS = [] as const;

/** Reads a `console` entry of the `adapters` setting. */
export function parseConsoleConfig(options: OptionReader): ConsoleAdapterConfig {
  return { type: 'console', name: options.name('console') };
}
