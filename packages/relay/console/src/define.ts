import { ConfabConsole } from './components/confab-console.js';
import { ConnectionStatus } from './components/connection-status.js';
import { ConversationHeader } from './components/conversation-header.js';
import { ConversationList } from './components/conversation-list.js';
import { DeliveryList } from './components/delivery-list.js';
import { LinkButtonForm } from './components/link-button-form.js';
import { ProductForm } from './components/product-form.js';
import { QuickReplyManager } from './components/quick-reply-manager.js';
import { QuickReplyMenu } from './components/quick-reply-menu.js';
import { ReplyBox } from './components/reply-box.js';
import { SignInForm } from './components/sign-in-form.js';
import { TranscriptView } from './components/transcript-view.js';
import { VisitorPanel } from './components/visitor-panel.js';

/** Every element of the console, by tag. */
export const ELEMENTS: Readonly<Record<string, CustomElementConstructor>> = {
  'confab-console': ConfabConsole,
  'confab-connection-status': ConnectionStatus,
  'confab-conversation-header': ConversationHeader,
  'confab-conversation-list': ConversationList,
  'confab-delivery-list': DeliveryList,
  'confab-link-button-form': LinkButtonForm,
  'confab-product-form': ProductForm,
  'confab-quick-reply-manager': QuickReplyManager,
  'confab-quick-reply-menu': QuickReplyMenu,
  'confab-reply-box': ReplyBox,
  'confab-sign-in': SignInForm,
  'confab-transcript': TranscriptView,
  'confab-visitor-panel': VisitorPanel,
};

/** Registers each console element once; calling it again (or after another copy did) changes nothing. */
export function defineElements(registry: CustomElementRegistry = globalThis.customElements): void {
  for (const [tag, element] of Object.entries(ELEMENTS)) {
    if (!registry.get(tag)) registry.define(tag, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'confab-console': ConfabConsole;
    'confab-connection-status': ConnectionStatus;
    'confab-conversation-header': ConversationHeader;
    'confab-conversation-list': ConversationList;
    'confab-delivery-list': DeliveryList;
    'confab-link-button-form': LinkButtonForm;
    'confab-product-form': ProductForm;
    'confab-quick-reply-manager': QuickReplyManager;
    'confab-quick-reply-menu': QuickReplyMenu;
    'confab-reply-box': ReplyBox;
    'confab-sign-in': SignInForm;
    'confab-transcript': TranscriptView;
    'confab-visitor-panel': VisitorPanel;
  }
}
