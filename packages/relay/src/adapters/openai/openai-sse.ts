/** One event of a `text/event-stream`: its `data` lines joined with `\n`, and its `event` name if any. */
export interface SseEvent {
  data: string;
  event?: string;
}

/**
 * An incremental parser of Server-Sent Events (https://html.spec.whatwg.org/multipage/server-sent-events.html):
 * text goes in as it arrives, cut anywhere (even between `\r` and `\n`), and complete events come
 * out. Comments (`: keep-alive`) and events without data are dropped; `id` and `retry` are ignored,
 * as a chat completion stream is never resumed.
 * @example
 * const parser = new SseParser();
 * parser.push('data: {"a"'); // []
 * parser.push(':1}\n\n'); // [{ data: '{"a":1}' }]
 */
export class SseParser {
  #line = '';
  #data: string[] = [];
  #event: string | undefined;
  /** The last text pushed ended with `\r`: a `\n` starting the next one belongs to the same line break. */
  #afterCarriageReturn = false;

  /** Feeds the next piece of the stream; returns the events it completed. */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    if (this.#afterCarriageReturn && text.startsWith('\n')) start = 1;
    this.#afterCarriageReturn = false;
    for (let index = start; index < text.length; index++) {
      const character = text[index];
      if (character !== '\n' && character !== '\r') continue;
      this.#line += text.slice(start, index);
      this.#takeLine(events);
      if (character === '\r') {
        if (index + 1 === text.length) this.#afterCarriageReturn = true;
        else if (text[index + 1] === '\n') index++;
      }
      start = index + 1;
    }
    this.#line += text.slice(start);
    return events;
  }

  /** Whether part of an event was read but not yet ended by a blank line (a stream cut mid-event). */
  get hasPartialEvent(): boolean {
    return this.#line !== '' || this.#data.length > 0;
  }

  #takeLine(events: SseEvent[]): void {
    const line = this.#line;
    this.#line = '';
    if (line === '') {
      if (this.#data.length > 0) events.push(this.#event === undefined ? { data: this.#data.join('\n') } : { data: this.#data.join('\n'), event: this.#event });
      this.#data = [];
      this.#event = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
  }
}
