import { html, type TemplateResult } from 'lit';
import type { ProactiveDismissEvent, ProactiveOpenEvent } from './events.js';
import { fetchProactiveConfig, pickProactive, readDismissed, type DismissStorage, type ProactiveMessage } from './proactive-config.js';
import type { PanelStrings } from './strings.js';

/**
 * The proactive message: its configuration from the relay, the teaser element and the widget's
 * glue for both, in one chunk that only pages with the `proactive` attribute load.
 */
export { fetchProactiveConfig, pickProactive, readDismissed, rememberDismissed } from './proactive-config.js';
export type { ProactiveMessage } from './proactive-config.js';
export { ConfabProactiveTeaser } from './components/proactive-teaser.js';

/**
 * The relay's proactive message for the page the shopper is on, in the widget's language, unless
 * the shopper dismissed it before; `undefined` when none fits (or the relay cannot be asked).
 */
export async function proactiveForPage(relay: string, locale: string, storage: DismissStorage | undefined): Promise<ProactiveMessage | undefined> {
  const messages = await fetchProactiveConfig(relay);
  return pickProactive(messages, { path: location.pathname, locale, dismissedIds: readDismissed(storage) });
}

/** What `<confab-chat>` hands to {@link renderTeaser}. */
export interface TeaserOptions {
  message: ProactiveMessage;
  strings: PanelStrings;
  position: 'right' | 'left';
  onOpen: (event: ProactiveOpenEvent) => void;
  onDismiss: (event: ProactiveDismissEvent) => void;
}

/** The `<confab-proactive-teaser>` beside the launcher, as `<confab-chat>` renders it. */
export function renderTeaser({ message, strings, position, onOpen, onDismiss }: TeaserOptions): TemplateResult {
  return html`<confab-proactive-teaser
    part="teaser"
    exportparts="teaser, teaser-text, teaser-dismiss"
    .strings=${strings}
    .message=${message}
    position=${position}
    @confab-proactive-open=${onOpen}
    @confab-proactive-dismiss=${onDismiss}
  ></confab-proactive-teaser>`;
}
