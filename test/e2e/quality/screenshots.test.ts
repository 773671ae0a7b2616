import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { panel, PHONE, stageWidgetState, WIDGET_STATES, type StageOptions, type StagedWidget } from '../support/widget-states.js';

/** Where the PNGs land (gitignored). */
const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

/** How each state is also shown. */
type Variant = 'light' | 'dark' | 'rtl' | 'phone';

const VARIANTS: Record<Variant, StageOptions> = {
  light: { context: { colorScheme: 'light' } },
  dark: { context: { colorScheme: 'dark' } },
  rtl: { context: { colorScheme: 'light' }, scriptAttributes: { 'data-locale': 'ar' } },
  phone: { context: { colorScheme: 'light', ...PHONE } },
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

let browser: Browser;
const saved: string[] = [];
let open: StagedWidget | undefined;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await open?.close();
  await browser?.close();
  // Straight to stderr: vitest hides console output of passing tests.
  if (saved.length > 0) process.stderr.write(`\nWidget screenshots (${saved.length}) in ${SCREENSHOTS}\n`);
});

describe('screenshots of every widget state', () => {
  for (const state of WIDGET_STATES) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      // The rtl and phone states already are those variants.
      if (variant === state.name) continue;
      it(`saves ${state.name}-${variant}.png with the widget visible`, async () => {
        open = await stageWidgetState(browser, state.name, VARIANTS[variant]);
        const { page } = open;
        const widget = state.name === 'closed' ? page.locator('confab-chat [part="launcher"]') : panel(page);
        const box = await widget.boundingBox();
        expect(box, `the widget of ${state.name}-${variant} has no box on screen`).not.toBeNull();
        expect(box!.width * box!.height).toBeGreaterThan(0);

        const path = `${SCREENSHOTS}${state.name}-${variant}.png`;
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
        const bytes = readFileSync(path);
        const viewport = page.viewportSize()!;
        expect(pngSize(bytes)).toEqual(viewport);
        // A blank page compresses to about a kilobyte; the shop with the widget is far more.
        expect(bytes.length).toBeGreaterThan(10_000);
        expect(open.pageErrors).toEqual([]);
        saved.push(path);
        await open.close();
        open = undefined;
      });
    }
  }
});
