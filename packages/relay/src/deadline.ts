/** An abort signal with a time limit, and the way to drop the limit once the work is done. */
export interface Deadline {
  /** Aborts with a `TimeoutError` after the time limit, or with the reason of the signal it follows. */
  readonly signal: AbortSignal;
  /** Stops the timer and stops following; call it when the request (body included) is done. */
  clear(): void;
}

/**
 * A signal that aborts after `ms` milliseconds, or as soon as `follows` aborts, for a request to
 * a helpdesk, a webhook or a bucket.
 *
 * Not `AbortSignal.any([follows, AbortSignal.timeout(ms)])`: Node's timeout signal is held only
 * weakly by its timer, so when nothing but fetch() refers to the combined signal a garbage
 * collection can drop it and the time limit never fires (nodejs/node#55428). Here the timer holds
 * the controller, and the followed signal holds it through its listener, until `clear()`.
 */
export function deadline(ms: number, follows?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError')), ms);
  // A time limit alone never keeps the process alive (a limit left to lapse, say).
  timer.unref?.();
  const onAbort = () => controller.abort(follows!.reason);
  const clear = () => {
    clearTimeout(timer);
    follows?.removeEventListener('abort', onAbort);
  };
  if (follows?.aborted) onAbort();
  else follows?.addEventListener('abort', onAbort, { once: true });
  controller.signal.addEventListener('abort', clear, { once: true });
  return { signal: controller.signal, clear };
}
