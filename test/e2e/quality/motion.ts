import type { Page } from 'playwright-core';

/** A CSS animation or transition that is playing. */
export interface RunningMotion {
  /** `CSSAnimation` or `CSSTransition`. */
  kind: string;
  /** The animation name or the transitioned property. */
  name: string;
  /** The animated element, as `tag[part]`. */
  target: string;
  /** Active duration in ms; `Infinity` for an endless loop (serialised as null). */
  durationMs: number | null;
}

/** Animations and transitions over 0.01 s that are playing now in the shadow roots of the widget's elements. */
export function runningWidgetMotion(page: Page): Promise<RunningMotion[]> {
  return page.evaluate(() => {
    const roots: ShadowRoot[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (!element.shadowRoot) continue;
        if (root !== document || element.localName.startsWith('confab-')) {
          roots.push(element.shadowRoot);
          visit(element.shadowRoot);
        }
      }
    };
    visit(document);
    const seen = new Set<Animation>();
    const running: RunningMotion[] = [];
    for (const root of roots) {
      for (const animation of root.getAnimations()) {
        if (seen.has(animation) || animation.playState !== 'running') continue;
        seen.add(animation);
        const duration = Number(animation.effect?.getComputedTiming().activeDuration ?? 0);
        if (duration <= 10) continue;
        const target = (animation.effect as KeyframeEffect | null)?.target;
        running.push({
          kind: animation.constructor.name,
          name:
            'animationName' in animation
              ? String(animation.animationName)
              : 'transitionProperty' in animation
                ? String(animation.transitionProperty)
                : animation.id,
          target: target ? `${target.localName}[part=${target.getAttribute('part') ?? ''}]` : 'none',
          durationMs: Number.isFinite(duration) ? duration : null,
        });
      }
    }
    return running;
  });
}

/** An element whose computed style would animate or transition for more than 0.01 s. */
export interface DeclaredMotion {
  target: string;
  property: 'animation' | 'transition';
  /** The animation names or transitioned properties, as computed. */
  name: string;
  duration: string;
}

/**
 * Scans the computed styles of every element in the widget's shadow roots for animations and
 * transitions longer than 0.01 s: unlike {@link runningWidgetMotion} this does not depend on
 * catching the motion while it plays.
 */
export function declaredWidgetMotion(page: Page): Promise<DeclaredMotion[]> {
  return page.evaluate(() => {
    const seconds = (value: string) => (value.endsWith('ms') ? Number.parseFloat(value) / 1000 : Number.parseFloat(value));
    const found: DeclaredMotion[] = [];
    const check = (element: Element) => {
      const style = getComputedStyle(element);
      const target = `${element.localName}[part=${element.getAttribute('part') ?? ''}]`;
      const pairs = [
        ['animation', style.animationName, style.animationDuration],
        ['transition', style.transitionProperty, style.transitionDuration],
      ] as const;
      for (const [property, names, durations] of pairs) {
        const nameList = names.split(',').map((name) => name.trim());
        const durationList = durations.split(',').map((duration) => duration.trim());
        const moves = nameList.some((name, index) => name !== 'none' && seconds(durationList[index % durationList.length] ?? '0s') > 0.01);
        if (moves) found.push({ target, property, name: names, duration: durations });
      }
    };
    const visit = (root: Document | ShadowRoot, isWidget: boolean) => {
      for (const element of root.querySelectorAll('*')) {
        if (isWidget) check(element);
        if (element.shadowRoot && (isWidget || element.localName.startsWith('confab-'))) visit(element.shadowRoot, true);
      }
    };
    visit(document, false);
    return found;
  });
}
