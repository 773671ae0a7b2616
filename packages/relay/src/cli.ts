import { readFileSync } from 'node:fs';
import { ConfabError } from '@confab/protocol';
import { loadConfig, usage, type LoadedConfig } from './config.js';
import { startRelay, type RunningRelay } from './start.js';

// The `confab-relay` command (bin/confab-relay.js imports this file): settings from flags, env and
// a config file, then listen; SIGTERM/SIGINT drain and exit 0. Exit codes: 0 done, 1 failed to
// start, 2 invalid configuration.

const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;
/** After this long, a shutdown that hangs is cut short. */
const SHUTDOWN_DEADLINE_MS = 15_000;

function relayVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return packageJson.version ?? 'unknown';
}

function printDevBanner(relay: RunningRelay, loaded: LoadedConfig): void {
  const lines = [''];
  if (loaded.config.demoDir !== undefined) lines.push(`Demo shop      ${relay.url}/`);
  lines.push(`Agent console  ${relay.url}/console/#token=${encodeURIComponent(relay.agentToken)}`);
  lines.push(`Widget script  ${relay.url}/widget/confab.js`);
  lines.push(`Agent token    ${relay.agentToken}${loaded.agentTokenGenerated ? '  (generated for this run; set CONFAB_AGENT_TOKEN to keep one)' : ''}`);
  lines.push('');
  // Printed, not logged: the token must never reach log files, and dev mode is for a person at a terminal.
  process.stdout.write(`${lines.join('\n')}\n`);
}

function handleSignals(relay: RunningRelay): void {
  let isStopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) {
      relay.app.log.warn({ signal }, 'second signal: exiting without waiting for the drain');
      process.exit(EXIT_FAILED);
    }
    isStopping = true;
    relay.app.log.info({ signal }, 'shutting down: closing sockets with 4010 and flushing the store');
    setTimeout(() => {
      relay.app.log.error('shutdown took too long; exiting');
      process.exit(EXIT_FAILED);
    }, SHUTDOWN_DEADLINE_MS).unref();
    relay.close().then(
      () => {
        relay.app.log.info('relay stopped');
        process.exit(0);
      },
      (error: unknown) => {
        relay.app.log.error({ err: error }, 'shutdown failed');
        process.exit(EXIT_FAILED);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number | undefined> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig({ argv, env });
  } catch (error) {
    if (error instanceof ConfabError) {
      process.stderr.write(`confab-relay: ${error.message}\n(${error.code}; run confab-relay --help to see every setting)\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }
  if (loaded.help) {
    process.stdout.write(usage());
    return 0;
  }
  if (loaded.version) {
    process.stdout.write(`${relayVersion()}\n`);
    return 0;
  }

  let relay: RunningRelay;
  try {
    relay = await startRelay(loaded.config);
  } catch (error) {
    const code = error instanceof ConfabError ? ` (${error.code})` : '';
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${loaded.config.port} on ${loaded.config.host} is already in use; choose another with --port or CONFAB_PORT`
      : (error as Error).message;
    process.stderr.write(`confab-relay: cannot start: ${reason}${code}\n`);
    return EXIT_FAILED;
  }
  for (const name of loaded.ignoredEnv) {
    relay.app.log.warn(`Environment variable ${name} is not a relay setting and is ignored (run confab-relay --help for the list)`);
  }
  handleSignals(relay);
  if (loaded.config.dev) printDevBanner(relay, loaded);
  return undefined;
}

const exitCode = await main(process.argv.slice(2), process.env);
if (exitCode !== undefined) process.exitCode = exitCode;
