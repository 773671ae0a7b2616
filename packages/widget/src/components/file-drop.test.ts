import { describe, expect, it } from 'vitest';
import { watchFileDrop } from './file-drop.js';

/** A drag event as the browser sends it; happy-dom has no DragEvent, so the transfer is attached by hand. */
function drag(type: string, types: string[], files: File[] = []) {
  const event = new Event(type, { bubbles: true, cancelable: true }) as DragEvent;
  const dataTransfer = { types, files, dropEffect: 'none' };
  Object.defineProperty(event, 'dataTransfer', { value: dataTransfer });
  return { event, dataTransfer };
}

function mountZone() {
  const zone = document.createElement('section');
  const child = document.createElement('p');
  const grandchild = document.createElement('span');
  child.append(grandchild);
  zone.append(child);
  document.body.append(zone);
  const dropped: File[][] = [];
  const active: boolean[] = [];
  const unwatch = watchFileDrop(
    zone,
    (files) => dropped.push(files),
    (isActive) => active.push(isActive),
  );
  return { zone, child, grandchild, dropped, active, unwatch };
}

describe('watchFileDrop', () => {
  it('turns active once while files move over nested elements, and off when they leave', () => {
    const { zone, child, grandchild, active } = mountZone();
    const enter = drag('dragenter', ['Files']).event;
    zone.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
    // Entering a child comes before leaving its parent.
    child.dispatchEvent(drag('dragenter', ['Files']).event);
    zone.dispatchEvent(drag('dragleave', ['Files']).event);
    grandchild.dispatchEvent(drag('dragenter', ['Files']).event);
    child.dispatchEvent(drag('dragleave', ['Files']).event);
    expect(active).toEqual([true]);
    grandchild.dispatchEvent(drag('dragleave', ['Files']).event);
    expect(active).toEqual([true, false]);
    zone.remove();
  });

  it('allows the drop on dragover and hands over the dropped files instead of letting the browser open them', () => {
    const { zone, child, dropped, active } = mountZone();
    const photo = new File(['x'], 'photo.png', { type: 'image/png' });
    child.dispatchEvent(drag('dragenter', ['Files']).event);
    const over = drag('dragover', ['Files']);
    child.dispatchEvent(over.event);
    expect(over.event.defaultPrevented).toBe(true);
    expect(over.dataTransfer.dropEffect).toBe('copy');
    const drop = drag('drop', ['Files'], [photo]).event;
    child.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(dropped).toEqual([[photo]]);
    expect(active).toEqual([true, false]);
    zone.remove();
  });

  it('leaves drags of text and links to the browser', () => {
    const { zone, dropped, active } = mountZone();
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const event = drag(type, ['text/plain', 'text/uri-list']).event;
      zone.dispatchEvent(event);
      expect(event.defaultPrevented).toBe(false);
    }
    expect(dropped).toEqual([]);
    expect(active).toEqual([]);
    zone.remove();
  });

  it('stops listening when removed, switching an active drop zone off', () => {
    const { zone, dropped, active, unwatch } = mountZone();
    zone.dispatchEvent(drag('dragenter', ['Files']).event);
    unwatch();
    expect(active).toEqual([true, false]);
    const drop = drag('drop', ['Files'], [new File(['x'], 'a.txt', { type: 'text/plain' })]).event;
    zone.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(false);
    expect(dropped).toEqual([]);
    zone.remove();
  });
});
