import { fileURLToPath } from 'node:url';
import { precompressFiles } from '@confab/widget/precompress';
import { defineConfig, type Plugin } from 'vite';

// Resolved from this file rather than the working directory, so the build works from anywhere.
const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../console-dist', import.meta.url));

/** Writes `.br` and `.gz` copies of the built files, which the relay serves to browsers that take them. */
function precompress(): Plugin {
  return {
    name: 'confab:precompress',
    apply: 'build',
    async closeBundle() {
      await precompressFiles(outDir, ['.js', '.css', '.html']);
    },
  };
}

/**
 * Builds the agent console into `packages/relay/console-dist/`, served by the relay at `/console/`.
 *
 * The output has no inline scripts or styles (one module script, one stylesheet link, Lit styles
 * through constructable stylesheets), so the relay can serve it under a strict Content-Security-Policy.
 * Every asset name carries a content hash, so the relay can cache `/console/assets/*` forever.
 */
export default defineConfig({
  root,
  base: '/console/',
  // No public/ folder: everything the console needs is imported and hashed.
  publicDir: false,
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill is an inline script in index.html; every browser we support has modulepreload.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs; a strict CSP would refuse them.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
