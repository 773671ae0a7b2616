import '../test-support/dom.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineElements } from '../define.js';
import type { ComposerSubmitEvent, ComposerTypingEvent } from '../events.js';
import { loadStrings } from '../strings.js';
import { deepActiveElement, deepQueryAll, settle } from '../test-support/dom.js';
import type { ConfabComposer } from './composer.js';
import { composerStyles } from './composer.styles.js';

beforeAll(() => defineElements());
afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

async function mountComposer() {
  const composer: ConfabComposer = document.createElement('confab-composer');
  document.body.append(composer);
  await settle(composer);
  const textarea = composer.shadowRoot!.querySelector('textarea')!;
  const button = composer.shadowRoot!.querySelector<HTMLButtonElement>('[part=send]')!;
  const submitted: string[] = [];
  const typing: boolean[] = [];
  composer.addEventListener('confab-composer-submit', (event: ComposerSubmitEvent) => submitted.push(event.detail.text));
  composer.addEventListener('confab-composer-typing', (event: ComposerTypingEvent) => typing.push(event.detail.isTyping));
  const type = (text: string) => {
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  };
  const press = (init: KeyboardEventInit) => {
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });
    textarea.dispatchEvent(event);
    return event;
  };
  return { composer, textarea, button, submitted, typing, type, press };
}

describe('<confab-composer>', () => {
  it('has a labelled text box and a labelled send button', async () => {
    const { textarea, button } = await mountComposer();
    expect(textarea.getAttribute('aria-label')).toBe('Message');
    expect(textarea.getAttribute('enterkeyhint')).toBe('send');
    expect(button.getAttribute('aria-label')).toBe('Send');
    expect(textarea.getAttribute('part')).toBe('input');
    expect(button.getAttribute('part')).toBe('send');
  });

  it('sends on Enter and clears the text box', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('Is it in stock?');
    const event = press({});
    expect(submitted).toEqual(['Is it in stock?']);
    expect(event.defaultPrevented).toBe(true);
    expect(textarea.value).toBe('');
  });

  it('adds a line on Shift+Enter instead of sending', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('first line');
    const event = press({ shiftKey: true });
    expect(submitted).toEqual([]);
    expect(event.defaultPrevented).toBe(false);
    expect(textarea.value).toBe('first line');
  });

  it('never sends on the Enter that confirms an input method composition', async () => {
    const { textarea, submitted, type, press } = await mountComposer();
    type('ni hao');
    textarea.dispatchEvent(new CompositionEvent('compositionstart'));
    expect(press({ isComposing: true }).defaultPrevented).toBe(false);
    // Safari: the confirming keydown comes after compositionend, with keyCode 229.
    textarea.dispatchEvent(new CompositionEvent('compositionend', { data: '你好' }));
    expect(press({ keyCode: 229 }).defaultPrevented).toBe(false);
    expect(submitted).toEqual([]);
    type('你好');
    press({});
    expect(submitted).toEqual(['你好']);
  });

  it('sends with the send button, which keeps focus in the text box', async () => {
    const { textarea, button, submitted, type } = await mountComposer();
    textarea.focus();
    type('Hello');
    const mousedown = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    button.dispatchEvent(mousedown);
    expect(mousedown.defaultPrevented).toBe(true);
    button.click();
    expect(submitted).toEqual(['Hello']);
    expect(textarea.value).toBe('');
    expect(button.getAttribute('aria-disabled')).toBe('true');
  });

  it('ignores blank text and marks the send button disabled until there is text', async () => {
    const { composer, button, submitted, type, press } = await mountComposer();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    type('   \n ');
    press({});
    button.click();
    expect(submitted).toEqual([]);
    type('x');
    await settle(composer);
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });

  it('keeps the text when the submit event is cancelled, and shows an error until the next edit', async () => {
    const { composer, textarea, type, press } = await mountComposer();
    composer.addEventListener('confab-composer-submit', (event) => {
      event.preventDefault();
      composer.error = 'Too long';
    });
    type('a very long text');
    press({});
    await settle(composer);
    expect(textarea.value).toBe('a very long text');
    const error = composer.shadowRoot!.querySelector('#error')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Too long');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    type('shorter');
    await settle(composer);
    expect(error.textContent).toBe('');
    expect(textarea.getAttribute('aria-invalid')).toBe('false');
  });

  it('reports typing on input and stopping after a pause, on send and on blur', async () => {
    vi.useFakeTimers();
    const { textarea, typing, type, press } = await mountComposer();
    type('H');
    type('He');
    expect(typing).toEqual([true]);
    vi.advanceTimersByTime(4000);
    expect(typing).toEqual([true, false]);
    type('Hel');
    press({});
    expect(typing).toEqual([true, false, true, false]);
    type('again');
    textarea.dispatchEvent(new FocusEvent('blur'));
    expect(typing).toEqual([true, false, true, false, true, false]);
  });

  it('uses the language pack it is given', async () => {
    const { composer, textarea, button } = await mountComposer();
    composer.strings = await loadStrings('zh-CN');
    await settle(composer);
    expect(textarea.getAttribute('aria-label')).toBe('消息');
    expect(textarea.getAttribute('placeholder')).toBe('输入消息…');
    expect(button.getAttribute('aria-label')).toBe('发送');
  });

  it('sets the text box to at least 16px so iOS does not zoom in on focus', () => {
    expect(composerStyles.cssText).toMatch(/textarea\s*\{[^}]*font-size:\s*max\(16px/);
  });

  it('takes its whole layout from logical properties, so it mirrors in right-to-left pages', () => {
    const physical = /(?:^|[\s;{])(?:(?:margin|padding|border)-(?:left|right|top|bottom)|(?:min-|max-)?(?:width|height)|left|right|top|bottom)\s*:/;
    expect(composerStyles.cssText).not.toMatch(physical);
  });
});

const MB = 1024 * 1024;

function fileOf(name: string, type: string, size = 10): File {
  return new File([new Uint8Array(size)], name, { type, lastModified: 1 });
}

async function mountWithUploads(uploadTypes: readonly string[] = ['image/*', 'application/pdf']) {
  const mounted = await mountComposer();
  const { composer } = mounted;
  composer.maxUploadBytes = 2 * MB;
  composer.uploadTypes = uploadTypes;
  await settle(composer);
  const root = composer.shadowRoot!;
  const files: File[][] = [];
  composer.addEventListener('confab-composer-submit', (event: ComposerSubmitEvent) => files.push([...event.detail.files]));
  // The picked files show in <confab-attachment-tray>, inside the composer's shadow root.
  const names = () => deepQueryAll(composer, '.attachment .name').map((node) => node.textContent);
  const removeButtons = () => deepQueryAll<HTMLButtonElement>(composer, '.remove');
  const errorText = () => root.querySelector('#error')!.textContent;
  return { ...mounted, root, files, names, removeButtons, errorText };
}

describe('<confab-composer> attachments', () => {
  afterEach(() => vi.restoreAllMocks());

  it('offers no attach button while the relay takes no uploads', async () => {
    const { composer } = await mountComposer();
    expect(composer.shadowRoot!.querySelector('[part=attach]')).toBeNull();
    expect(composer.shadowRoot!.querySelector('input[type=file]')).toBeNull();
    composer.addFiles([fileOf('a.png', 'image/png')]);
    expect(composer.files).toEqual([]);
  });

  it('has a labelled attach button backed by a multiple file input that accepts the relay’s types', async () => {
    const { root } = await mountWithUploads();
    const attach = root.querySelector<HTMLButtonElement>('[part=attach]')!;
    const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(attach.getAttribute('aria-label')).toBe('Attach a file');
    expect(attach.type).toBe('button');
    expect(input.multiple).toBe(true);
    expect(input.hidden).toBe(true);
    expect(input.accept).toBe('image/*,application/pdf');
    const click = vi.spyOn(input, 'click').mockImplementation(() => {});
    attach.click();
    expect(click).toHaveBeenCalledOnce();
  });

  it('adds the files picked in the file input, with a thumbnail for images and name and size for all', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:thumb-1');
    const { composer, root, names } = await mountWithUploads();
    expect(root.querySelector('confab-attachment-tray')).toBeNull();
    const input = root.querySelector<HTMLInputElement>('input[type=file]')!;
    const photo = fileOf('photo.png', 'image/png', 1536);
    const invoice = fileOf('invoice.pdf', 'application/pdf', 3 * 1024 * 1024 - 1024 * 1024 * 1.5);
    input.files = [photo, invoice] as unknown as FileList;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(composer);
    expect(composer.files).toEqual([photo, invoice]);
    expect(names()).toEqual(['photo.png', 'invoice.pdf']);
    expect(deepQueryAll(composer, '.attachment .size').map((node) => node.textContent)).toEqual(['1.5 kB', '1.5 MB']);
    const items = deepQueryAll(composer, '.attachment');
    expect(items[0]!.querySelector('img')!.getAttribute('src')).toBe('blob:thumb-1');
    expect(items[0]!.querySelector('img')!.getAttribute('alt')).toBe('');
    expect(items[1]!.querySelector('img')).toBeNull();
    expect(createObjectURL).toHaveBeenCalledOnce();
    expect(createObjectURL).toHaveBeenCalledWith(photo);
    expect(input.value).toBe('');
  });

  it('adds a pasted screenshot but leaves pasted text (even with a picture beside it) to the text box', async () => {
    const { composer, textarea } = await mountWithUploads();
    const screenshot = new DataTransfer();
    screenshot.items.add(fileOf('image.png', 'image/png'));
    const paste = new ClipboardEvent('paste', { clipboardData: screenshot, bubbles: true, cancelable: true });
    textarea.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    expect(composer.files.map((file) => file.name)).toEqual(['image.png']);

    const cells = new DataTransfer();
    cells.setData('text/plain', 'A1\tB1');
    cells.items.add(fileOf('cells.png', 'image/png'));
    const textPaste = new ClipboardEvent('paste', { clipboardData: cells, bubbles: true, cancelable: true });
    textarea.dispatchEvent(textPaste);
    expect(textPaste.defaultPrevented).toBe(false);
    expect(composer.files.map((file) => file.name)).toEqual(['image.png']);
  });

  it('refuses files over the size limit or of another type at once, with an announced error, and adds the rest', async () => {
    const { composer, textarea, names, errorText, root } = await mountWithUploads();
    composer.addFiles([
      fileOf('huge.png', 'image/png', 2 * MB + 1),
      fileOf('ok.jpg', 'image/jpeg'),
      fileOf('setup.exe', 'application/x-msdownload'),
    ]);
    await settle(composer);
    expect(names()).toEqual(['ok.jpg']);
    expect(root.querySelector('#error')!.getAttribute('role')).toBe('alert');
    expect(errorText()).toBe(
      "huge.png is too large. The limit is 2 MB. setup.exe is a type of file we can't take. Try an image, a PDF or a text file.",
    );
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    // A type the browser cannot tell is left to the relay, which checks the bytes.
    composer.addFiles([fileOf('notes', '')]);
    await settle(composer);
    expect(names()).toEqual(['ok.jpg', 'notes']);
    expect(errorText()).toBe('');
  });

  it('takes at most ten files, says so for the rest, and ignores a file picked twice', async () => {
    const { composer, root, errorText } = await mountWithUploads();
    const first = fileOf('0.png', 'image/png');
    composer.addFiles([first, fileOf('0.png', 'image/png')]);
    expect(composer.files).toEqual([first]);
    composer.addFiles(Array.from({ length: 12 }, (_, i) => fileOf(`${i + 1}.pdf`, 'application/pdf')));
    await settle(composer);
    expect(composer.files.map((file) => file.name)).toEqual(['0.png', ...Array.from({ length: 9 }, (_, i) => `${i + 1}.pdf`)]);
    expect(root.querySelector('[part=attach]')!.getAttribute('aria-disabled')).toBe('true');
    expect(errorText()).toBe('You can send up to 10 files at once.');
  });

  it('removes a file with its labelled button, revokes its thumbnail and moves focus to the next file, then to the text box', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation((file) => `blob:${(file as File).name}`);
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { composer, textarea, names, removeButtons } = await mountWithUploads();
    composer.addFiles([fileOf('a.png', 'image/png'), fileOf('b.pdf', 'application/pdf'), fileOf('c.png', 'image/png')]);
    await settle(composer);
    expect(removeButtons().map((button) => button.getAttribute('aria-label'))).toEqual(['Remove a.png', 'Remove b.pdf', 'Remove c.png']);
    removeButtons()[0]!.focus();
    removeButtons()[0]!.click();
    await settle(composer);
    expect(names()).toEqual(['b.pdf', 'c.png']);
    expect(revoke.mock.calls).toEqual([['blob:a.png']]);
    expect(deepActiveElement()?.getAttribute('aria-label')).toBe('Remove b.pdf');
    removeButtons()[1]!.click();
    await settle(composer);
    expect(names()).toEqual(['b.pdf']);
    expect(deepActiveElement()).toBe(textarea);
    expect(revoke.mock.calls).toEqual([['blob:a.png'], ['blob:c.png']]);
  });

  it('sends files with the text, may send files without text, and empties the tray after sending', async () => {
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:one');
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { composer, button, files, submitted, names, type, press } = await mountWithUploads();
    const photo = fileOf('photo.png', 'image/png');
    composer.addFiles([photo]);
    await settle(composer);
    expect(button.getAttribute('aria-disabled')).toBe('false');
    press({});
    expect(submitted).toEqual(['']);
    expect(files).toEqual([[photo]]);
    await settle(composer);
    expect(names()).toEqual([]);
    expect(composer.files).toEqual([]);
    expect(revoke).toHaveBeenCalledWith('blob:one');
    expect(button.getAttribute('aria-disabled')).toBe('true');

    const invoice = fileOf('invoice.pdf', 'application/pdf');
    composer.addFiles([invoice]);
    type('Here is the invoice');
    button.click();
    expect(submitted).toEqual(['', 'Here is the invoice']);
    expect(files).toEqual([[photo], [invoice]]);
  });

  it('keeps text and files when the submit is cancelled, until clear()', async () => {
    const { composer, textarea, names, type, press } = await mountWithUploads();
    composer.addEventListener('confab-composer-submit', (event) => event.preventDefault());
    composer.addFiles([fileOf('a.pdf', 'application/pdf')]);
    type('see attached');
    press({});
    await settle(composer);
    expect(textarea.value).toBe('see attached');
    expect(names()).toEqual(['a.pdf']);
    composer.clear();
    await settle(composer);
    expect(textarea.value).toBe('');
    expect(names()).toEqual([]);
  });

  it('waits while uploading: no sending, no changes to the files, a polite status; then shows an upload error', async () => {
    const { composer, root, button, submitted, names, removeButtons, errorText, press, type } = await mountWithUploads();
    composer.addFiles([fileOf('a.pdf', 'application/pdf')]);
    type('hello');
    composer.isUploading = true;
    await settle(composer);
    const status = root.querySelector('.status')!;
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toBe('Uploading…');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(removeButtons()[0]!.getAttribute('aria-disabled')).toBe('true');
    press({});
    removeButtons()[0]!.click();
    composer.addFiles([fileOf('b.pdf', 'application/pdf')]);
    await settle(composer);
    expect(submitted).toEqual([]);
    expect(names()).toEqual(['a.pdf']);

    composer.isUploading = false;
    composer.uploadError = 'a.pdf could not be uploaded. Please try again.';
    await settle(composer);
    expect(status.textContent).toBe('');
    expect(errorText()).toBe('a.pdf could not be uploaded. Please try again.');
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });

  it('revokes every thumbnail when it leaves the page and makes new ones when it comes back', async () => {
    let made = 0;
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:${++made}`);
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const { composer } = await mountWithUploads();
    composer.addFiles([fileOf('a.png', 'image/png'), fileOf('b.gif', 'image/gif')]);
    await settle(composer);
    composer.remove();
    expect(revoke.mock.calls).toEqual([['blob:1'], ['blob:2']]);
    document.body.append(composer);
    await settle(composer);
    expect(deepQueryAll(composer, 'img').map((img) => img.getAttribute('src'))).toEqual(['blob:3', 'blob:4']);
  });

  it('shows the picked files in a tray that passes on its parts, only while there are files', async () => {
    const { composer, root } = await mountWithUploads();
    composer.addFiles([fileOf('a.pdf', 'application/pdf')]);
    await settle(composer);
    const tray = root.querySelector('confab-attachment-tray')!;
    expect(tray.getAttribute('exportparts')).toBe('attachments, attachment');
    expect(tray.shadowRoot!.querySelector('[part=attachments] [part=attachment]')).not.toBeNull();
    composer.clear();
    await settle(composer);
    expect(root.querySelector('confab-attachment-tray')).toBeNull();
  });

  it('gives the attach and send buttons 44px touch targets (the tray gives its remove buttons theirs)', () => {
    expect(composerStyles.cssText).toMatch(/button\s*\{[^}]*inline-size:\s*44px;\s*block-size:\s*44px/);
  });
});
