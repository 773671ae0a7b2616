// Builds @confab/widget with Vite's JavaScript API (run by `pnpm build` after tsc has written the
// type declarations):
//
//   dist/script/confab.js               the loader: a classic IIFE script, the one file shops link
//   dist/script/assets/confab-[hash].js the app: <confab-chat>, Lit and @confab/client (ES module)
//   dist/script/assets/strings-*.js     lazily imported language packs, one per language
//   dist/script/assets/feature-*.js     parts of the panel loaded when first shown (rating, away notice…)
//   dist/script/**/*.js.gz, *.js.br     each script precompressed (precompress.mjs), for the relay to serve
//   dist/lib/**                         ES modules for npm users; lit and @confab/* stay external
//
// The app is built first so that its hashed file name can be compiled into the loader.
// `buildWidget()` is also what the size test runs, into a temporary directory.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minify as terserMinify } from 'terser';
import { build, parseAst } from 'vite';
import { precompressFiles } from './precompress.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const source = (path) => resolve(here, 'src', path);

// Workspace packages are bundled from source, so a build never picks up a stale dist/ of theirs.
const alias = {
  '@confab/client': resolve(here, '../client/src/index.ts'),
  '@confab/protocol': resolve(here, '../protocol/src/index.ts'),
};

/**
 * Minifies the CSS the widget keeps in strings (Lit's css`…` templates and the loader's
 * LAUNCHER_CSS), which no JS minifier touches: drops comments, the whitespace around
 * `{ } ; , >` and after `:`, where it never matters (a space before `:` can: `a :hover`).
 * Templates with `${…}` are left alone.
 */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .trim();
}

function minifyCssStrings() {
  return {
    name: 'confab:minify-css-strings',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/](.+\.styles|launcher-css-text)\.ts$/.test(id)) return null;
      return code.replace(/(css`|LAUNCHER_\w*CSS = `)([^`]*)`/g, (match, start, body) =>
        body.includes('${') ? match : `${start}${minifyCss(body)}\``,
      );
    },
  };
}

/**
 * Minifies the static HTML of one Lit template, given as the literal parts between its `${…}`
 * expressions: drops HTML comments and turns every run of whitespace that holds a line break
 * into one space, in text and between attributes. One space renders like any run of collapsible
 * whitespace (between inline elements it is still a gap); quoted attribute values, templates
 * with a `<pre>` or `<textarea>` (whose whitespace is content) and comments around an
 * expression are left as they are.
 */
export function minifyHtmlParts(parts) {
  if (parts.some((part) => /<(pre|textarea)\b/i.test(part))) return parts;
  // Carried across parts: an expression can sit inside a tag or a quoted attribute value.
  let state = 'text'; // 'text' | 'tag' | a quote character | 'comment'
  return parts.map((part) => {
    let result = '';
    for (let index = 0; index < part.length; index++) {
      const char = part[index];
      if (state === 'comment') {
        if (part.startsWith('-->', index)) state = 'text';
        result += char;
      } else if (state === '"' || state === "'") {
        if (char === state) state = 'tag';
        result += char;
      } else if (state === 'text' && part.startsWith('<!--', index)) {
        const close = part.indexOf('-->', index + 4);
        if (close >= 0) index = close + 2;
        else (state = 'comment'), (result += char);
      } else if (/[ \t\r\n]/.test(char)) {
        let runEnd = index;
        while (runEnd + 1 < part.length && /[ \t\r\n]/.test(part[runEnd + 1])) runEnd++;
        const run = part.slice(index, runEnd + 1);
        // After a dropped comment the whitespace before it is already there.
        if (!run.includes('\n')) result += run;
        else if (!/[ \t\r\n]$/.test(result)) result += ' ';
        index = runEnd;
      } else {
        if (state === 'text' && char === '<' && /[a-z/]/i.test(part[index + 1] ?? '')) state = 'tag';
        else if (state === 'tag' && char === '>') state = 'text';
        else if (state === 'tag' && (char === '"' || char === "'")) state = char;
        result += char;
      }
    }
    return result;
  });
}

/** Every Lit html`…` template in a module's syntax tree, nested ones included. */
function htmlTemplates(node, found = []) {
  if (node && typeof node === 'object') {
    if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && node.tag.name === 'html') found.push(node.quasi);
    for (const value of Object.values(node)) htmlTemplates(value, found);
  }
  return found;
}

/** Rewrites every Lit html`…` template in the TypeScript module `code` with {@link minifyHtmlParts}. */
export function minifyHtmlTemplates(code) {
  const edits = htmlTemplates(parseAst(code, { lang: 'ts' })).flatMap((template) => {
    const raws = template.quasis.map((quasi) => quasi.value.raw);
    // A quasi's span includes the delimiter before it (the backtick or the `}` of an expression).
    return minifyHtmlParts(raws).map((text, index) => ({ start: template.quasis[index].start + 1, length: raws[index].length, raw: raws[index], text }));
  });
  let result = '';
  let copied = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    // Offsets that missed the text (a parser counting bytes, not UTF-16 units) must fail the build, not garble it.
    if (code.slice(edit.start, edit.start + edit.length) !== edit.raw) throw new Error(`HTML template offsets are off at ${edit.start}`);
    result += code.slice(copied, edit.start) + edit.text;
    copied = edit.start + edit.length;
  }
  return result + code.slice(copied);
}

function minifyHtmlStrings() {
  return {
    name: 'confab:minify-html-strings',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].+\.ts$/.test(id) || /\.test\.ts$/.test(id) || !code.includes('html`')) return null;
      return minifyHtmlTemplates(code);
    },
  };
}

/**
 * A second pass over the minified script-tag chunks with Terser, whose compressor finds a little
 * more to fold than Rolldown's (about 0.5 % of the app chunk after gzip). It runs on code that is
 * already minified, with Terser's safe defaults only, so it changes no behaviour.
 */
function squeezeWithTerser({ isModule }) {
  return {
    name: 'confab:squeeze-with-terser',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const result = await terserMinify(chunk.code, {
          module: isModule,
          ecma: 2022,
          compress: { passes: 3 },
          mangle: true,
          format: { comments: false },
        });
        chunk.code = result.code;
      }
    },
  };
}

/**
 * Swaps launcher-css.ts for launcher-css.script.ts in the script-tag app: the loader carries the
 * launcher's CSS for its early launcher anyway and hands it to `mount()`, so the app chunk need
 * not ship a second copy. The npm library (no loader) and the unit tests keep the built-in one.
 */
function launcherCssFromLoader() {
  const builtIn = source('launcher-css.ts');
  return {
    name: 'confab:launcher-css-from-loader',
    enforce: 'pre',
    async resolveId(id, importer, options) {
      if (!/[\\/]launcher-css\.js$/.test(id)) return null;
      const resolved = await this.resolve(id, importer, { ...options, skipSelf: true });
      return resolved?.id === builtIn ? source('launcher-css.script.ts') : resolved;
    },
  };
}

/** Settings every build shares: no config file, no public dir, production mode. */
function base(logLevel) {
  return {
    configFile: false,
    root: here,
    mode: 'production',
    logLevel,
    publicDir: false,
    // Production exports explicitly: Vite picks "development" when NODE_ENV is not "production"
    // (vitest sets "test"), which would bundle Lit's development build into a test-run build.
    resolve: { alias, conditions: ['module', 'browser', 'production'] },
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    plugins: [minifyCssStrings(), minifyHtmlStrings()],
  };
}

/** A chunk of the output, as the size test needs it. */
function describe(chunk) {
  return { fileName: chunk.fileName, isEntry: chunk.isEntry, imports: chunk.imports, dynamicImports: chunk.dynamicImports };
}

function chunksOf(output) {
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
}

async function buildApp(scriptDir, logLevel) {
  const shared = base(logLevel);
  const output = await build({
    ...shared,
    plugins: [...shared.plugins, launcherCssFromLoader(), squeezeWithTerser({ isModule: true })],
    build: {
      outDir: scriptDir,
      emptyOutDir: true,
      copyPublicDir: false,
      // Library mode: no module-preload helper (it would add <link> tags to the shop's <head>);
      // chunks import each other relative to import.meta.url, whatever origin serves them.
      lib: { entry: { confab: source('embed.ts') }, formats: ['es'] },
      rolldownOptions: {
        // Lets modules the app shares with its lazy chunks stay in the app chunk (which then exports
        // them under short names) instead of becoming extra files that every page must fetch.
        preserveEntrySignatures: 'allow-extension',
        // Library mode keeps ES output readable; this file is for browsers, so minify it fully.
        output: {
          entryFileNames: 'assets/[name]-[hash].js',
          // Language packs keep their name (strings-ja-…); everything else loaded on demand is a feature.
          chunkFileNames: (chunk) => (chunk.name.startsWith('strings-') ? 'assets/[name]-[hash].js' : 'assets/feature-[name]-[hash].js'),
          minify: true,
          // `/* @__PURE__ */` marks are for bundlers; browsers would only download them.
          comments: { annotation: false },
        },
      },
    },
  });
  return chunksOf(output).map(describe);
}

async function buildLoader(scriptDir, appFileName, logLevel) {
  // The loader imports the app as `new URL(appFileName, its own src)`, e.g. assets/confab-abc123.js.
  const shared = base(logLevel);
  const output = await build({
    ...shared,
    plugins: [...shared.plugins, squeezeWithTerser({ isModule: false })],
    define: { __CONFAB_APP_CHUNK__: JSON.stringify(appFileName) },
    build: {
      outDir: scriptDir,
      emptyOutDir: false,
      copyPublicDir: false,
      modulePreload: false,
      rolldownOptions: {
        input: { confab: source('loader/loader.ts') },
        output: { format: 'iife', entryFileNames: 'confab.js' },
      },
    },
  });
  return chunksOf(output).map(describe);
}

async function buildLibrary(libDir, logLevel) {
  await build({
    ...base(logLevel),
    build: {
      outDir: libDir,
      emptyOutDir: true,
      copyPublicDir: false,
      minify: false,
      lib: { entry: { index: source('index.ts') }, formats: ['es'] },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^@confab\//],
        output: { preserveModules: true, preserveModulesRoot: source(''), entryFileNames: '[name].js' },
      },
    },
  });
}

/**
 * Builds the script-tag files (and, unless `lib: false`, the npm library) into `outDir`.
 * @param {{ outDir?: string, lib?: boolean, logLevel?: 'info' | 'warn' | 'error' | 'silent' }} [options]
 */
export async function buildWidget({ outDir = resolve(here, 'dist'), lib = true, logLevel = 'warn' } = {}) {
  const scriptDir = resolve(outDir, 'script');
  const app = await buildApp(scriptDir, logLevel);
  const entry = app.find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('The app build produced no entry chunk');
  const loader = await buildLoader(scriptDir, entry.fileName, logLevel);
  await precompressFiles(scriptDir);
  if (lib) await buildLibrary(resolve(outDir, 'lib'), logLevel);
  return { scriptDir, loader: loader[0].fileName, app: entry.fileName, chunks: [...app, ...loader] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await buildWidget({ logLevel: 'info' });
  console.log(`confab widget: ${result.loader} loads ${result.app}`);
}
