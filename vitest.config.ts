import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import workspace packages from source, so a change is tested without rebuilding first.
const workspaceSources = {
  '@confab/protocol': here('./packages/protocol/src/index.ts'),
  '@confab/client': here('./packages/client/src/index.ts'),
  '@confab/relay': here('./packages/relay/src/index.ts'),
};

export default defineConfig({
  resolve: { alias: workspaceSources },
  test: {
    silent: 'passed-only',
    projects: [
      {
        extends: true,
        test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'client', include: ['packages/client/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'widget', include: ['packages/widget/src/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        extends: true,
        test: {
          name: 'relay',
          include: ['packages/relay/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'console',
          include: ['packages/relay/console/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'examples',
          include: ['examples/*/**/*.test.ts', 'examples/*/**/*.test.mjs'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'bench',
          include: ['packages/bench/src/**/*.test.ts'],
          environment: 'node',
          // The smoke test runs the whole harness (relay, bare ws server, 4 generators) with tiny counts.
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Chromium and relays are heavy on a 2-core machine; run these files one at a time, and
          // only after every other project has finished (Lighthouse measures blocking time, which
          // a busy machine inflates).
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
