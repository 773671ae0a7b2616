import { ConfabError } from '@confab/protocol';
import { describe, expect, it } from 'vitest';
import type { ConfabQuickReplyDeleteEvent, ConfabQuickReplySaveEvent } from '../events.js';
import { quickReply } from '../test-support/fixtures.js';
import { $, $$, mount, record, text } from '../test-support/render.js';
import type { QuickReplyManager } from './quick-reply-manager.js';

const shipping = quickReply('shipping', 'We ship within 24 hours.', { id: 'qr_shipping1' });

async function open(replies = [shipping]) {
  const manager = await mount('confab-quick-reply-manager', { quickReplies: replies, open: true });
  return manager;
}

async function fill(manager: QuickReplyManager, shortcut: string, body: string) {
  const shortcutInput = $<HTMLInputElement>(manager, '[data-testid="quick-reply-shortcut"]');
  const textInput = $<HTMLTextAreaElement>(manager, '[data-testid="quick-reply-text"]');
  shortcutInput.value = shortcut;
  shortcutInput.dispatchEvent(new Event('input'));
  textInput.value = body;
  textInput.dispatchEvent(new Event('input'));
  await manager.updateComplete;
}

async function submit(manager: QuickReplyManager) {
  $<HTMLButtonElement>(manager, '[data-testid="save-quick-reply"]').click();
  for (let i = 0; i < 4; i++) await manager.updateComplete;
  await new Promise((resolve) => setTimeout(resolve, 0));
  await manager.updateComplete;
}

describe('QuickReplyManager', () => {
  it('is a modal dialog named "Quick replies" listing the team’s replies', async () => {
    const manager = await open();
    const dialog = $<HTMLDialogElement>(manager, 'dialog');
    expect(dialog.open).toBe(true);
    expect(text(manager.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!))).toBe('Quick replies');
    const items = $$(manager, '[data-testid="quick-reply-item"]');
    expect(items.map((i) => i.dataset.shortcut)).toEqual(['shipping']);
    expect($(manager, '[data-testid="edit-quick-reply"]').getAttribute('aria-label')).toBe('Edit /shipping');
  });

  it('checks the shortcut and text before saving', async () => {
    const manager = await open();
    const saves = record(manager, 'confab-quick-reply-save');
    await fill(manager, 'two words', '   ');
    await submit(manager);
    expect(saves).toHaveLength(0);
    expect($(manager, '[data-testid="quick-reply-shortcut"]').getAttribute('aria-invalid')).toBe('true');
    expect(text($(manager, '#qr-shortcut-error'))).toBe('Use 1 to 32 letters, digits, _ or -.');
    expect(text($(manager, '#qr-text-error'))).toBe('Enter the text to insert.');
    await fill(manager, 'Shipping', 'Duplicate');
    await submit(manager);
    expect(text($(manager, '#qr-shortcut-error'))).toBe('Another quick reply already uses this shortcut.');
    expect(saves).toHaveLength(0);
  });

  it('adds a quick reply and clears the form once the relay stored it', async () => {
    const manager = await open();
    manager.addEventListener('confab-quick-reply-save', (event: ConfabQuickReplySaveEvent) => event.respondWith(Promise.resolve()));
    const saves = record(manager, 'confab-quick-reply-save');
    await fill(manager, 'returns', 'Returns are free for 30 days.');
    await submit(manager);
    expect(saves.map((e) => e.detail)).toEqual([{ shortcut: 'returns', text: 'Returns are free for 30 days.' }]);
    expect($<HTMLInputElement>(manager, '[data-testid="quick-reply-shortcut"]').value).toBe('');
  });

  it('shows the relay’s refusal and keeps what was typed', async () => {
    const manager = await open();
    manager.addEventListener('confab-quick-reply-save', (event: ConfabQuickReplySaveEvent) =>
      event.respondWith(Promise.reject(new ConfabError('CONFAB_REQUEST_INVALID', 'Shortcut "returns" is taken'))),
    );
    await fill(manager, 'returns', 'Text');
    await submit(manager);
    expect(text($(manager, '[data-testid="quick-reply-error"]'))).toBe('Could not save the quick replies. Shortcut "returns" is taken');
    expect($(manager, '[data-testid="quick-reply-error"]').getAttribute('role')).toBe('alert');
    expect($<HTMLInputElement>(manager, '[data-testid="quick-reply-shortcut"]').value).toBe('returns');
  });

  it('edits a quick reply in place, keeping its id', async () => {
    const manager = await open();
    const saves = record(manager, 'confab-quick-reply-save');
    $(manager, '[data-testid="edit-quick-reply"]').click();
    await manager.updateComplete;
    expect($<HTMLInputElement>(manager, '[data-testid="quick-reply-shortcut"]').value).toBe('shipping');
    expect(text($(manager, '#qr-form-heading'))).toBe('Edit quick reply');
    await fill(manager, 'shipping', 'We ship today.');
    await submit(manager);
    expect(saves.map((e) => e.detail)).toEqual([{ shortcut: 'shipping', text: 'We ship today.', id: 'qr_shipping1' }]);
  });

  it('deletes only after confirmation', async () => {
    const manager = await open();
    const deletes = record(manager, 'confab-quick-reply-delete');
    manager.addEventListener('confab-quick-reply-delete', (event: ConfabQuickReplyDeleteEvent) => event.respondWith(Promise.resolve()));
    $(manager, '[data-testid="delete-quick-reply"]').click();
    await manager.updateComplete;
    expect(deletes).toHaveLength(0);
    expect(text($(manager, '.confirm span'))).toBe('Delete /shipping?');
    $(manager, '[data-testid="cancel-delete-quick-reply"]').click();
    await manager.updateComplete;
    expect($$(manager, '.confirm')).toHaveLength(0);
    $(manager, '[data-testid="delete-quick-reply"]').click();
    await manager.updateComplete;
    $(manager, '[data-testid="confirm-delete-quick-reply"]').click();
    expect(deletes.map((e) => e.detail.id)).toEqual(['qr_shipping1']);
  });

  it('tells the console when it was closed', async () => {
    const manager = await open();
    const closes = record(manager, 'confab-close-quick-replies');
    $(manager, '[data-testid="close-quick-replies"]').click();
    await manager.updateComplete;
    expect(closes).toHaveLength(1);
    expect(manager.open).toBe(false);
    expect($<HTMLDialogElement>(manager, 'dialog').open).toBe(false);
  });
});
