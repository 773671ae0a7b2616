import { defineElement, type WidgetElement } from './define-element.js';

// Chunks several parts share. Each part's chunk imports them itself; fetching them alongside it
// saves a round trip, since the browser only sees a chunk's imports once it has that chunk.
const extraStrings = () => import('./extra-strings.js');
const formStyles = () => import('./components/form-controls.styles.js');

/** Loads a part's chunk together with the shared chunks it imports, and picks its element class. */
function part<M>(load: () => Promise<M>, shared: Array<() => Promise<unknown>>, pick: (module: M) => WidgetElement) {
  return () => Promise.all([load(), ...shared.map((fetch) => fetch())]).then(([module]) => pick(module as M));
}

/**
 * The parts of the panel that only some conversations show, each loaded as its own chunk the
 * first time it is shown: a shop that never closes conversations never downloads the rating.
 */
const LAZY_ELEMENTS = {
  'confab-attachment-tray': part(() => import('./components/attachment-tray.js'), [extraStrings], (m) => m.ConfabAttachmentTray),
  'confab-away-notice': part(() => import('./components/away-notice.js'), [extraStrings, formStyles], (m) => m.ConfabAwayNotice),
  'confab-rating-form': part(() => import('./components/rating-form.js'), [extraStrings, formStyles], (m) => m.ConfabRatingForm),
  'confab-message-parts': part(() => import('./components/message-parts-element.js'), [extraStrings], (m) => m.ConfabMessageParts),
  'confab-prechat-form': part(() => import('./components/prechat-form.js'), [extraStrings, formStyles], (m) => m.ConfabPreChatForm),
  'confab-proactive-teaser': part(() => import('./proactive.js'), [extraStrings], (m) => m.ConfabProactiveTeaser),
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
