import { defineElement, type WidgetElement } from './define-element.js';

/**
 * The parts of the panel that only some conversations show, each loaded as its own chunk the
 * first time it is shown: a shop that never closes conversations never downloads the rating.
 */
const LAZY_ELEMENTS = {
  'confab-attachment-tray': () => import('./components/attachment-tray.js').then((module) => module.ConfabAttachmentTray),
  'confab-away-notice': () => import('./components/away-notice.js').then((module) => module.ConfabAwayNotice),
  'confab-rating-form': () => import('./components/rating-form.js').then((module) => module.ConfabRatingForm),
  'confab-message-parts': () => import('./components/message-parts-element.js').then((module) => module.ConfabMessageParts),
  'confab-prechat-form': () => import('./components/prechat-form.js').then((module) => module.ConfabPreChatForm),
  'confab-proactive-teaser': () => import('./proactive.js').then((module) => module.ConfabProactiveTeaser),
} satisfies Record<string, () => Promise<WidgetElement>>;

/** A tag that {@link loadElement} can define. */
export type LazyTag = keyof typeof LAZY_ELEMENTS;

const loads = new Map<LazyTag, Promise<void>>();

/**
 * Defines `tag` once its chunk has loaded; call it while rendering the element (the element
 * upgrades in place, keeping the properties Lit already set on it). A failed load is retried on
 * the next call, so a flaky network costs one render, not the feature.
 */
export function loadElement(tag: LazyTag, registry: CustomElementRegistry = customElements): Promise<void> {
  let load = loads.get(tag);
  if (!load) {
    load = LAZY_ELEMENTS[tag]().then(
      (element) => defineElement(tag, element, registry),
      () => void loads.delete(tag),
    );
    loads.set(tag, load);
  }
  return load;
}

/** Resolves once every element load started so far has finished (tests wait on it). */
export function elementsLoaded(): Promise<void> {
  return Promise.all(loads.values()).then(() => undefined);
}
