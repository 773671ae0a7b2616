import '../test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadElement } from '../lazy-elements.js';
import { en } from '../strings.js';
import { deepActiveElement, settle } from '../test-support/dom.js';
import type { AttachmentRemoveEvent, ConfabAttachmentTray } from './attachment-tray.js';
import { attachmentTrayStyles } from './attachment-tray.styles.js';

beforeAll(() => loadElement('confab-attachment-tray'));
afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

function fileOf(name: string, type: string, size = 10): File {
  return new File([new Uint8Array(size)], name, { type, lastModified: 1 });
}

async function mountTray(files: readonly File[], isLocked = false) {
  const tray: ConfabAttachmentTray = document.createElement('confab-attachment-tray');
  Object.assign(tray, { files, strings: en, isLocked });
  document.body.append(tray);
  await settle(tray);
  const root = tray.shadowRoot!;
  const removed: File[] = [];
  tray.addEventListener('confab-attachment-remove', (event: AttachmentRemoveEvent) => removed.push(event.detail.file));
  const buttons = () => [...root.querySelectorAll<HTMLButtonElement>('.remove')];
  return { tray, root, removed, buttons };
}

describe('<confab-attachment-tray>', () => {
  it('renders nothing without files', async () => {
    const { root } = await mountTray([]);
    expect(root.querySelector('ul')).toBeNull();
  });

  it('lists each file with thumbnail or icon, name, size and a labelled remove button that reports its file', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:cat');
    const cat = new File(['12345'], 'cat.png', { type: 'image/png' });
    const terms = new File(['1234567'], 'terms.pdf', { type: 'application/pdf' });
    const { root, removed, buttons } = await mountTray([cat, terms]);
    expect(root.querySelector('ul')!.getAttribute('part')).toBe('attachments');
    const rows = [...root.querySelectorAll('li')];
    expect(rows.map((row) => row.getAttribute('part'))).toEqual(['attachment', 'attachment']);
    expect(rows.map((row) => row.querySelector('.name')!.textContent)).toEqual(['cat.png', 'terms.pdf']);
    expect(rows.map((row) => row.querySelector('.size')!.textContent)).toEqual(['5 byte', '7 byte']);
    expect(rows[0]!.querySelector('img')!.getAttribute('src')).toBe('blob:cat');
    expect(rows[0]!.querySelector('img')!.getAttribute('alt')).toBe('');
    expect(rows[1]!.querySelector('img')).toBeNull();
    expect(rows[1]!.querySelector('svg')!.getAttribute('aria-hidden')).toBe('true');
    expect(buttons().map((button) => button.getAttribute('aria-label'))).toEqual(['Remove cat.png', 'Remove terms.pdf']);
    expect(buttons().map((button) => button.type)).toEqual(['button', 'button']);
    buttons()[1]!.click();
    expect(removed).toEqual([terms]);
  });

  it('marks the remove buttons disabled while locked, and reports no removal then', async () => {
    const { removed, buttons } = await mountTray([fileOf('a.txt', 'text/plain')], true);
    expect(buttons()[0]!.getAttribute('aria-disabled')).toBe('true');
    buttons()[0]!.click();
    expect(removed).toEqual([]);
  });

  it('makes one thumbnail per image when shown and revokes it once its file is gone', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((file) => `blob:${(file as File).name}`);
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const a = fileOf('a.png', 'image/png');
    const b = fileOf('b.png', 'image/png');
    const { tray } = await mountTray([a, b, fileOf('c.pdf', 'application/pdf')]);
    tray.files = [...tray.files];
    await settle(tray);
    expect(createObjectURL.mock.calls).toEqual([[a], [b]]);
    tray.files = [b];
    await settle(tray);
    expect(revoke.mock.calls).toEqual([['blob:a.png']]);
  });

  it('revokes every thumbnail when it leaves the page and makes new ones when it comes back', async () => {
    let made = 0;
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:${++made}`);
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { tray, root } = await mountTray([fileOf('a.png', 'image/png'), fileOf('b.gif', 'image/gif')]);
    tray.remove();
    expect(revoke.mock.calls).toEqual([['blob:1'], ['blob:2']]);
    document.body.append(tray);
    await settle(tray);
    expect([...root.querySelectorAll('img')].map((img) => img.getAttribute('src'))).toEqual(['blob:3', 'blob:4']);
  });

  it('moves focus to the remove button at a position once the list is current, and says when there is none', async () => {
    const { tray, buttons } = await mountTray([fileOf('a.pdf', 'application/pdf'), fileOf('b.pdf', 'application/pdf')]);
    tray.files = tray.files.slice(1);
    await expect(tray.focusRemoveButton(0)).resolves.toBe(true);
    expect(deepActiveElement()).toBe(buttons()[0]);
    expect(deepActiveElement()?.getAttribute('aria-label')).toBe('Remove b.pdf');
    await expect(tray.focusRemoveButton(1)).resolves.toBe(false);
    expect(deepActiveElement()).toBe(buttons()[0]);
  });

  it('gives the remove buttons 44px touch targets', () => {
    expect(attachmentTrayStyles.cssText).toMatch(/\.remove\s*\{[^}]*inline-size:\s*44px;\s*block-size:\s*44px/);
  });

  it('takes its whole layout from logical properties, so it mirrors in right-to-left pages', () => {
    const physical = /(?:^|[\s;{])(?:(?:margin|padding|border)-(?:left|right|top|bottom)|(?:min-|max-)?(?:width|height)|left|right|top|bottom)\s*:/;
    expect(attachmentTrayStyles.cssText).not.toMatch(physical);
  });
});
