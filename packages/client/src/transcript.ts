import type { TranscriptMessage } from './events.js';

/**
 * The stored messages of a conversation (those with a `seq`), kept sorted by `seq`, deduplicated by
 * id, and aware of which range it holds completely.
 */
export class Transcript {
  /** Stored messages by ascending `seq`. */
  readonly messages: TranscriptMessage[] = [];
  /**
   * Every seq up to this one is held (or was given up as unrecoverable). This, not the highest
   * seq held, is what `hello.lastSeq` reports, so a resume also refills holes.
   */
  syncedSeq = 0;

  /** The highest `seq` held, 0 when empty. */
  get highestSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  /** Whether a message with this id is held. */
  has(id: string): boolean {
    return this.messages.some((message) => message.id === id);
  }

  /** Adds a stored message at its place; returns false (and changes nothing) when its id is held. */
  insert(message: TranscriptMessage): boolean {
    if (this.has(message.id)) return false;
    let index = this.messages.length;
    while (index > 0 && this.messages[index - 1]!.seq! > message.seq!) index--;
    this.messages.splice(index, 0, message);
    this.#advance();
    return true;
  }

  /** Replaces a held message with an updated copy (same id and seq). */
  replace(message: TranscriptMessage): void {
    this.messages[this.messages.findIndex((held) => held.id === message.id)] = message;
  }

  /** The lowest held seq above `syncedSeq`, i.e. the upper end of the first hole; undefined when there is no hole. */
  nextHeldAfterGap(): number | undefined {
    return this.messages.find((message) => message.seq! > this.syncedSeq)?.seq;
  }

  /** Gives up on every seq up to `seq` (they cannot be recovered) so they no longer count as a hole. */
  skipTo(seq: number): void {
    this.syncedSeq = Math.max(this.syncedSeq, seq);
    this.#advance();
  }

  /** Forgets everything (the conversation could not be resumed). */
  clear(): void {
    this.messages.length = 0;
    this.syncedSeq = 0;
  }

  #advance(): void {
    // In seq order, a message right after the complete prefix extends it; the first hole ends it.
    for (const { seq } of this.messages) if (seq === this.syncedSeq + 1) this.syncedSeq++;
  }
}
