import { defineElement, type WidgetElement } from './define-element.js';
import { retriedLoad } from './retried-load.js';

// Chunks several parts share. Each part's chunk imports them itself; fetching them alongside it
// saves a round trip, since the browser only sees a chunk's imports once it has that chunk.
const extraStrings = () => import('./extra-strings.js');
const formStyles = () => import('./components/form-controls.styles.js');

/**
 * Loads a part's chunk together with the shared chunks it imports (the strings always, the form
 * styles for forms); picks its element class, and keeps the module.
 */
function part<M>(load: () => Promise<M>, pick: (module: M) => WidgetElement, isForm?: boolean) {
  return () => Promise.all([load(), extraStrings(), isForm && formStyles()]).then(([module]) => [pick(module), module] as const);
}

/**
 * The parts of the panel that only some conversations show, each loaded as its own chunk the
 * first time it is shown: a shop that never closes conversations never downloads the rating.
 */
const LAZY_ELEMENTS = {
  'confab-attachment-tray': part(() => import('./components/attachment-tray.js'), (m) => m.ConfabAttachmentTray),
  'confab-away-notice': part(() => import('./components/away-notice.js'), (m) => m.ConfabAwayNotice, true),
  'confab-rating-form': part(() => import('./components/rating-form.js'), (m) => m.ConfabRatingForm, true),
  'confab-message-parts': part(() => import('./components/message-parts-element.js'), (m) => m.ConfabMessageParts),
  'confab-prechat-form': part(() => import('./components/prechat-form.js'), (m) => m.ConfabPreChatForm, true),
  'confab-proactive-teaser': part(() => import('./proactive.js'), (m) => m.ConfabProactiveTeaser),
} satisfies Record<string, () => Promise<readonly [WidgetElement, unknown]>>;

/** A tag that {@link loadElement} can define. */
export type LazyTag = keyof typeof LAZY_ELEMENTS;

/** The module of the part that defines `Tag`. */
export type PartModule<Tag extends LazyTag> = Awaited<ReturnType<(typeof LAZY_ELEMENTS)[Tag]>>[1];

const loads = new Map<LazyTag, Promise<void>>();
const modules = new Map<LazyTag, unknown>();

/**
 * Defines `tag` once its chunk has loaded; call it while rendering the element (the element
 * upgrades in place, keeping the properties Lit already set on it). A failed load is retried on
 * the next call, so a flaky network costs one render, not the feature.
 */
export function loadElement(tag: LazyTag, registry: CustomElementRegistry = customElements): Promise<void> {
  let load = loads.get(tag);
  if (!load) {
    load = LAZY_ELEMENTS[tag]().then(
      ([element, module]) => {
        defineElement(tag, element, registry);
        modules.set(tag, module);
      },
      () => void loads.delete(tag),
    );
    loads.set(tag, load);
  }
  return load;
}

/**
 * The module of `tag`'s part, for `host` to render the part with (each exports its template), once
 * loaded. Until then it loads it and updates `host` when it is in: the part shows then, defined
 * (a failed load waits for the next render to try again).
 */
export function partFor<Tag extends LazyTag>(tag: Tag, host: { requestUpdate(): void }): PartModule<Tag> | undefined {
  const loaded = modules.get(tag) as PartModule<Tag> | undefined;
  if (!loaded) void loadElement(tag).then(() => modules.has(tag) && host.requestUpdate());
  return loaded;
}

const keptListExtras = retriedLoad(() => import('./components/message-list-extras.js'));
let listExtras: ReturnType<typeof keptListExtras> | undefined;

/**
 * Loads what the message list shows only in some chats (drafts, quick replies, the jump button:
 * message-list-extras.ts); resolves to `undefined` if the chunk failed, and the next call retries.
 */
export function loadListExtras(): Promise<typeof import('./components/message-list-extras.js') | undefined> {
  return (listExtras = keptListExtras());
}

/** Resolves once every element load (and list extras load) started so far has finished (tests wait on it). */
export function elementsLoaded(): Promise<void> {
  return Promise.all([...loads.values(), listExtras]).then(() => undefined);
}
