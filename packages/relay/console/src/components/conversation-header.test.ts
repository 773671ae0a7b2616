import { describe, expect, it } from 'vitest';
import { conversation } from '../test-support/fixtures.js';
import { $, $$, mount, record, text, update } from '../test-support/render.js';

describe('ConversationHeader', () => {
  it('names the conversation and shows its status and the shopper’s presence', async () => {
    const header = await mount('confab-conversation-header', { conversation: conversation({ id: 'conv_abc_WXYZ', visitorOnline: false }) });
    expect(text($(header, 'h2'))).toBe('Visitor WXYZ');
    expect(text($(header, '[data-testid="conversation-status"]'))).toBe('Open');
    expect(text($(header, '.presence'))).toBe('offline');
  });

  it('closes a conversation only after confirmation', async () => {
    const header = await mount('confab-conversation-header', { conversation: conversation({ id: 'conv_0000042' }) });
    const closes = record(header, 'confab-close-conversation');
    const dialog = $<HTMLDialogElement>(header, 'dialog');
    $(header, '[data-testid="close-conversation"]').click();
    expect(dialog.open).toBe(true);
    $(header, '[data-testid="cancel-close"]').click();
    expect(dialog.open).toBe(false);
    expect(closes).toHaveLength(0);
    $(header, '[data-testid="close-conversation"]').click();
    $(header, '[data-testid="confirm-close"]').click();
    expect(dialog.open).toBe(false);
    expect(closes.map((e) => e.detail.conversationId)).toEqual(['conv_0000042']);
  });

  it('offers no Close button for a closed conversation', async () => {
    const header = await mount('confab-conversation-header', { conversation: conversation() });
    await update(header, { conversation: conversation({ status: 'closed' }) });
    expect($$(header, '[data-testid="close-conversation"]')).toHaveLength(0);
    expect(text($(header, '[data-testid="conversation-status"]'))).toBe('Closed');
  });
});
