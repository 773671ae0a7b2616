// What the widget's elements use; add to it if an element starts using `<summary>`, `<iframe>` or contenteditable.
const FOCUSABLE = 'a[href],button,input:not([type="hidden"]),select,textarea,[tabindex]';

/** Whether Tab can stop on `element` (layout permitting, checked later). */
function isTabbable(element: Element): element is HTMLElement {
  if (!element.matches(FOCUSABLE) || (element as HTMLElement).tabIndex < 0) return false;
  if ((element as HTMLButtonElement).disabled) return false;
  // Of a group of radios, Tab stops on the checked one only (or on the first when none is).
  if (element instanceof HTMLInputElement && element.type === 'radio' && element.name) {
    const group = [...(element.getRootNode() as ParentNode).querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter(
      (radio) => radio.name === element.name && radio.form === element.form,
    );
    const checked = group.find((radio) => radio.checked);
    return checked ? checked === element : group[0] === element;
  }
  return true;
}

/**
 * The elements Tab stops on inside `root`, in tree order, looking into open shadow roots (and
 * the elements slotted into them) as the browser's sequential focus order does, skipping
 * `hidden` and `inert` subtrees and, where the browser can tell, anything not rendered.
 */
export function tabbableElements(root: Element | ShadowRoot): HTMLElement[] {
  const found: HTMLElement[] = [];
  const visit = (node: Element | ShadowRoot) => {
    const children = node instanceof HTMLSlotElement ? node.assignedElements({ flatten: true }) : [...node.children];
    for (const child of children) {
      if (child.hasAttribute('hidden') || child.hasAttribute('inert')) continue;
      // Positive tabindex values are not used in the widget; tree order is the focus order.
      if (isTabbable(child) && child.checkVisibility?.() !== false) found.push(child);
      visit(child.shadowRoot ?? child);
    }
  };
  visit(root);
  return found;
}

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Keeps Tab and Shift+Tab inside `container` (the full-screen panel, or a host whose shadow
 * root holds it) while `isActive()` says so: from the last tabbable element Tab goes to the
 * first, and Shift+Tab from the first (or from the container itself) goes to the last. Tabbable
 * elements inside nested Lit elements count. Returns a function that removes the trap.
 *
 * @example
 * const release = trapFocus(panel, () => widget.isOpen && matchMedia('(max-width: 639.98px)').matches);
 */
export function trapFocus(container: HTMLElement, isActive: () => boolean): () => void {
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey || !isActive()) return;
    const tabbable = tabbableElements(container.shadowRoot ?? container);
    const first = tabbable[0];
    const last = tabbable.at(-1);
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = deepActiveElement();
    const index = tabbable.indexOf(active as HTMLElement);
    // Focus on the container itself (a dialog focused on open) counts as before the first element.
    const isAtStart = index === 0 || active === container;
    const target = event.shiftKey ? (isAtStart ? last : undefined) : index === tabbable.length - 1 ? first : undefined;
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  container.addEventListener('keydown', onKeydown);
  return () => container.removeEventListener('keydown', onKeydown);
}
