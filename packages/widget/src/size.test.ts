// @vitest-environment node
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, minifyCss, minifyHtmlTemplates, type WidgetBuild } from '../build.mjs';

import { LAUNCHER_CSS } from './launcher-css-text.js';
import { FEATURE_BUDGET, LANGUAGE_BUDGET, LOADER_BUDGET, WIDGET_TARGET } from './size-budgets.js';

// Budgets from issues 2 and 5 (see size-budgets.ts); test/e2e/quality/download-size.test.ts checks
// in Chromium that a plain chat downloads nothing beyond what is counted here.

const outDir = mkdtempSync(join(tmpdir(), 'confab-widget-size-'));
let built: WidgetBuild;

// Written to stdout directly: the root vitest config hides console output of passing tests, and
// the sizes should show in every run, CI included.
function report(line: string): void {
  process.stdout.write(`[widget size] ${line}\n`);
}

/**
 * A file's size as a browser downloads it with gzip: its `.gz` beside it, which the build makes with
 * Zopfli and the relay serves (precompress.mjs).
 */
function gzipSize(fileName: string): number {
  return readFileSync(join(built.scriptDir, `${fileName}.gz`)).length;
}

/** The same file through zlib's default gzip, as most servers compress on the fly. */
function zlibGzipSize(fileName: string): number {
  return gzipSync(readFileSync(join(built.scriptDir, fileName))).length;
}

function brotliSize(fileName: string): number {
  return readFileSync(join(built.scriptDir, `${fileName}.br`)).length;
}

function sum(files: readonly string[], size: (fileName: string) => number): number {
  return files.reduce((total, fileName) => total + size(fileName), 0);
}

/** The app chunk and everything it imports statically: what an English page downloads. */
function englishChunks(): string[] {
  const byName = new Map(built.chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set<string>();
  const visit = (fileName: string) => {
    if (seen.has(fileName)) return;
    seen.add(fileName);
    for (const imported of byName.get(fileName)?.imports ?? []) visit(imported);
  };
  visit(built.app);
  return [...seen];
}

beforeAll(async () => {
  // A fresh build of the current sources into a temporary directory, never a stale dist/.
  built = await buildWidget({ outDir, lib: false, logLevel: 'silent' });
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('widget size', () => {
  it('keeps the loader within 2 KB gzip', () => {
    const size = gzipSize(built.loader);
    report(`loader ${built.loader}: ${size} B gzip (budget ${LOADER_BUDGET} B)`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it('keeps the widget an English page loads to chat, Lit and the SDK included, within 30 KB gzip', () => {
    const files = [built.loader, ...englishChunks()];
    const total = sum(files, gzipSize);
    report(`widget to chat (${files.join(' + ')}): ${total} B gzip (budget ${WIDGET_TARGET} B)`);
    report(`  the same with zlib's default gzip: ${sum(files, zlibGzipSize)} B; with Brotli: ${sum(files, brotliSize)} B`);
    expect(total).toBeLessThanOrEqual(WIDGET_TARGET);
  });

  it('loads the parts only some chats show as small feature chunks, and reports every part together', () => {
    const english = new Set(englishChunks());
    const features = built.chunks.filter((chunk) => !english.has(chunk.fileName) && chunk.fileName.startsWith('assets/feature-'));
    expect(features.length).toBeGreaterThan(0);
    for (const chunk of features) {
      const size = gzipSize(chunk.fileName);
      report(`feature chunk ${chunk.fileName}: ${size} B gzip (budget ${FEATURE_BUDGET} B)`);
      expect(size).toBeLessThanOrEqual(FEATURE_BUDGET);
    }
    const everything = [built.loader, ...english, ...features.map((chunk) => chunk.fileName)];
    report(`every part of the widget but the languages: ${sum(everything, gzipSize)} B gzip`);
  });

  it('ships each extra language as its own small lazy chunk', () => {
    const english = new Set(englishChunks());
    // Other lazy chunks (feature-*) are not language packs and are not counted here.
    const languageChunks = built.chunks
      .filter((chunk) => !chunk.isEntry && !english.has(chunk.fileName) && chunk.fileName.startsWith('assets/strings-'))
      .map((chunk) => chunk.fileName);
    const shipped = ['zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'ar', 'he'];
    // One chunk per language: `strings-<locale>-<hash>.js`, the locale lower-cased as in the file name.
    expect(languageChunks.sort()).toEqual(
      shipped
        .map((locale) => locale.toLowerCase())
        .sort()
        .map((locale) => expect.stringMatching(new RegExp(`^assets/strings-${locale}-[\\w-]+\\.js$`))),
    );
    for (const fileName of languageChunks) {
      const size = gzipSize(fileName);
      report(`language chunk ${fileName}: ${size} B gzip`);
      expect(size).toBeLessThanOrEqual(LANGUAGE_BUDGET);
    }
  });

  it('writes a gzip and a Brotli file beside every script, each decoding to the script, the gzip no larger than zlib’s best', () => {
    const scripts = (readdirSync(built.scriptDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.js'));
    expect(scripts.sort()).toEqual(built.chunks.map((chunk) => chunk.fileName).sort());
    for (const fileName of scripts) {
      const script = readFileSync(join(built.scriptDir, fileName));
      const gzip = readFileSync(join(built.scriptDir, `${fileName}.gz`));
      expect(gunzipSync(gzip).equals(script), fileName).toBe(true);
      expect(brotliDecompressSync(readFileSync(join(built.scriptDir, `${fileName}.br`))).equals(script), fileName).toBe(true);
      expect(gzip.length, fileName).toBeLessThanOrEqual(gzipSync(script, { level: constants.Z_BEST_COMPRESSION }).length);
    }
    expect(existsSync(join(built.scriptDir, 'confab.js.br'))).toBe(true);
  });

  it('compiles the app chunk’s hashed name into the loader', () => {
    const loader = readFileSync(join(built.scriptDir, built.loader), 'utf8');
    expect(built.app).toMatch(/^assets\/confab-[\w-]+\.js$/);
    expect(loader).toContain(built.app);
    // A classic script: one function expression run at once, `(function(){…})()` or Terser's `!function(){…}()`.
    expect(loader).toMatch(/^[(!]function\(\)\{/);
    expect(loader).not.toMatch(/\bimport\s*[{*\w]|\bexport\s/);
  });

  it('ships the launcher CSS in the loader only, which hands it to the app', () => {
    const loader = readFileSync(join(built.scriptDir, built.loader), 'utf8');
    // One declaration of the launcher rule, as the build minifies it.
    const declaration = 'box-shadow:0 4px 14px rgb(0 0 0 / 0.22)';
    expect(minifyCss(LAUNCHER_CSS)).toContain(declaration);
    expect(loader).toContain(minifyCss(LAUNCHER_CSS));
    for (const fileName of englishChunks()) {
      expect(readFileSync(join(built.scriptDir, fileName), 'utf8'), fileName).not.toContain(declaration);
    }
  });

  it('bundles the production builds of Lit and the SDK', () => {
    const app = readFileSync(join(built.scriptDir, built.app), 'utf8');
    expect(app).not.toContain('Lit is in dev mode');
    expect(app).not.toContain('process.env');
  });
});

describe('minifyCss', () => {
  it('drops comments and insignificant whitespace but keeps descendant combinators before pseudo-classes', () => {
    expect(minifyCss('/* x */\n  a  :hover ,\n b > c {\n  color :  red ;\n  margin: 0 auto;\n}\n')).toBe(
      'a :hover,b>c{color :red;margin:0 auto}',
    );
  });
});

describe('minifyHtmlTemplates', () => {
  it('turns line breaks and indentation in html templates into one space and drops comments', () => {
    const source = [
      'const view = html`',
      '  <!-- why it is focusable -->',
      '  <div',
      '    class="a" title="two',
      '      lines"',
      '    @click=${() => go({ to: `x` })}',
      '  >',
      '    <b>${name}</b>  <i>x</i>',
      '    ${items.map((item) => html`<li>',
      '      ${item}',
      '    </li>`)}',
      '  </div>',
      '`;',
    ].join('\n');
    expect(minifyHtmlTemplates(source)).toBe(
      'const view = html` <div class="a" title="two\n      lines" @click=${() => go({ to: `x` })} > <b>${name}</b>  <i>x</i> ' +
        '${items.map((item) => html`<li> ${item} </li>`)} </div> `;',
    );
  });

  it('leaves templates with a pre or textarea, other template literals and backticks in regular expressions alone', () => {
    const source = 'html`<pre>\n  a\n</pre>`;\nhtml`<textarea>\n</textarea>`;\nconst note = `\n  b\n`;\nconst pattern = /`/;';
    expect(minifyHtmlTemplates(source)).toBe(source);
  });
});
