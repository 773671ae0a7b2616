import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay, loadConfig } from '@confab/relay';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('../adapters/', import.meta.url));
const shopConfig = fileURLToPath(new URL('./relay.json', import.meta.url));
const examples = readdirSync(here)
  .filter((file) => file.endsWith('.json'))
  .map((file) => join(here, file));

/** Loads a config file as `confab-relay --config <file>` does and starts a relay from it on a free port. */
async function startFrom(file: string) {
  const loaded = loadConfig({ argv: ['--config', file], env: { CONFAB_AGENT_TOKEN: 'example-config-test-token-0123456789' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-example-'));
  const app = await createRelay({ ...loaded.config, dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent' });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const health = await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/healthz`);
    return { loaded, status: health.status };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('the adapter config examples in the docs', () => {
  it('has one for every adapter type the docs describe', () => {
    const names = examples.map((file) => file.slice(here.length).replace(/\.json$/, ''));
    expect(names).toEqual(expect.arrayContaining(['webhook', 'chatwoot', 'slack', 'openai', 'faq']));
  });

  it.each(examples)('%s starts a relay as written', async (file) => {
    const { loaded, status } = await startFrom(file);
    expect(loaded.config.adapters.length).toBeGreaterThan(0);
    expect(status).toBe(200);
  });

  it('the demo shop config of `pnpm start` starts a relay', async () => {
    const { loaded, status } = await startFrom(shopConfig);
    expect(loaded.config.routing.chain).toEqual(['faq', 'console']);
    expect(status).toBe(200);
  });
});
