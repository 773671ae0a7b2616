/** A chunk written by the build. */
export interface BuiltChunk {
  /** Path relative to dist/script, e.g. `assets/confab-abc123.js` or `confab.js`. */
  fileName: string;
  isEntry: boolean;
  /** Chunks this one imports statically (loaded with it). */
  imports: string[];
  /** Chunks this one may import later (language packs). */
  dynamicImports: string[];
}

/** What `buildWidget()` built. */
export interface WidgetBuild {
  /** Absolute path of the script-tag output directory. */
  scriptDir: string;
  /** The loader's file name: `confab.js`. */
  loader: string;
  /** The app chunk the loader imports. */
  app: string;
  /** Every chunk of the app and loader builds. */
  chunks: BuiltChunk[];
}

/** Options of {@link buildWidget}. */
export interface BuildWidgetOptions {
  /** @default packages/widget/dist */
  outDir?: string;
  /** Also build the npm library into `outDir/lib`. @default true */
  lib?: boolean;
  /** @default 'warn' */
  logLevel?: 'info' | 'warn' | 'error' | 'silent';
}

/** Builds the script-tag loader and app chunks (and the npm library) with Vite. */
export function buildWidget(options?: BuildWidgetOptions): Promise<WidgetBuild>;

/** Minifies CSS kept in strings: comments and insignificant whitespace. */
export function minifyCss(css: string): string;

/**
 * Minifies the Lit `html` templates in a module's source: whitespace runs with a line break become
 * one space, HTML comments go; `<pre>`, `<textarea>` and quoted attribute values are left alone.
 */
export function minifyHtmlTemplates(code: string): string;
