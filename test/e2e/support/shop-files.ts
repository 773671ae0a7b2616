import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// No relay imports here: the Lighthouse check serves pages without a relay.

/** The demo shop's static files. */
export const SHOP_DIR = fileURLToPath(new URL('../../../examples/shop/public/', import.meta.url));

/** The widget's built script folder (`pnpm build`). */
export const WIDGET_SCRIPT_DIR = fileURLToPath(new URL('../../../packages/widget/dist/script/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The Content-Type the test page servers give a file. */
export function contentTypeOf(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

function inside(root: string, path: string): string | undefined {
  const file = normalize(join(root, path));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** Where a path of a shop page server lives: `/widget/…` in the built widget, the rest in the demo shop (never outside them). */
export function shopFile(path: string): string | undefined {
  return path.startsWith('/widget/') ? inside(WIDGET_SCRIPT_DIR, path.slice('/widget/'.length)) : inside(SHOP_DIR, path.slice(1));
}

/** A file's bytes, or undefined when there is no such file. */
export async function readOrUndefined(file: string | undefined): Promise<Buffer | undefined> {
  try {
    return file ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}
