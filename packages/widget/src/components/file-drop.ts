const DRAG_EVENTS = ['dragenter', 'dragover', 'dragleave', 'drop'] as const;

/**
 * Makes `target` a drop zone for files dragged from the desktop or another app. Drags of text or
 * links are left alone, so they still drop into the text box as before.
 *
 * `onActive(true)` is called when files are dragged over `target` and `onActive(false)` when they
 * leave it, are dropped, or the watch is removed; moving over child elements in between calls
 * nothing. `onFiles` gets the dropped files. Returns a function that removes the listeners.
 *
 * @example
 * ```ts
 * const unwatch = watchFileDrop(panel, (files) => composer.addFiles(files), (isActive) => (this.isDropping = isActive));
 * ```
 */
export function watchFileDrop(
  target: HTMLElement,
  onFiles: (files: File[]) => void,
  onActive: (isActive: boolean) => void,
): () => void {
  // dragenter on a child fires before dragleave on its parent, so count rather than toggle.
  let depth = 0;
  const setDepth = (next: number) => {
    const wasActive = depth > 0;
    depth = Math.max(0, next);
    if (wasActive !== depth > 0) onActive(depth > 0);
  };
  const onDrag = (event: DragEvent) => {
    const transfer = event.dataTransfer;
    // While dragging, `files` is empty for privacy; `types` says whether files are coming.
    if (!transfer?.types.includes('Files')) return;
    // Without preventDefault on dragover and drop, the browser opens the file in place of the shop.
    event.preventDefault();
    if (event.type === 'dragenter') setDepth(depth + 1);
    else if (event.type === 'dragleave') setDepth(depth - 1);
    else if (event.type === 'dragover') transfer.dropEffect = 'copy';
    else {
      setDepth(0);
      const files = Array.from(transfer.files);
      if (files.length > 0) onFiles(files);
    }
  };
  for (const type of DRAG_EVENTS) target.addEventListener(type, onDrag);
  return () => {
    for (const type of DRAG_EVENTS) target.removeEventListener(type, onDrag);
    setDepth(0);
  };
}
