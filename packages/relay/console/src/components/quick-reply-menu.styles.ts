import { css } from 'lit';

/**
 * Styles of {@link QuickReplyMenu}. The menu renders into its host's tree (so the reply box's
 * `aria-activedescendant` can point at its options), so the host element includes these.
 */
export const quickReplyMenuStyles = css`
  confab-quick-reply-menu {
    display: block;
    position: absolute;
    inset-inline: 0;
    bottom: calc(100% + 0.25rem);
    z-index: 2;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 8px;
    box-shadow: 0 8px 24px rgb(17 24 39 / 0.18);
    max-height: 16rem;
    overflow-y: auto;
  }
  .qr-list {
    list-style: none;
    margin: 0;
    padding: 0.25rem;
  }
  .qr-option {
    display: flex;
    gap: 0.75rem;
    align-items: baseline;
    padding: 0.45rem 0.6rem;
    border-radius: 6px;
    cursor: pointer;
  }
  .qr-option[aria-selected='true'] {
    background: var(--_accent);
    color: var(--_accent-text);
  }
  .qr-option[aria-selected='true'] .qr-text {
    color: var(--_accent-text);
  }
  .qr-shortcut {
    font-weight: 700;
    white-space: nowrap;
  }
  .qr-text {
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .qr-empty {
    margin: 0;
    padding: 0.6rem 0.75rem;
    color: var(--_muted);
  }
`;
