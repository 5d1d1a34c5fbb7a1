/**
 * Server-sent events read from a `fetch` response body (EventSource cannot send an Authorization
 * header or a POST body). Follows the HTML event-stream rules: lines end in LF, CR or CRLF (also
 * when a line ending is split across chunks); `event:` names the event (default `message`);
 * `data:` lines are joined with LF; one space after the colon is dropped; lines starting with `:`
 * are comments; a blank line dispatches the event, and an event without data is not dispatched;
 * an event cut off by the end of the stream is dropped.
 */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An incremental parser: feed it text as it arrives, it returns the events completed so far. */
export class SseParser {
  private buffer = '';
  private pendingCr = false;
  private event = '';
  private data: string[] = [];
  private id: string | undefined;

  feed(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let chunk = text;
    // A CR at the end of the last chunk ended a line; an LF right after it belongs to that ending.
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCr = false;
    this.buffer += chunk;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      const line = this.buffer.slice(start, i);
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++;
        } else {
          this.pendingCr = true;
        }
      }
      start = i + 1;
      const dispatched = this.line(line);
      if (dispatched) events.push(dispatched);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      const event = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n'), id: this.id } : undefined;
      this.event = '';
      this.data = [];
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }
}

/** The events of a response body, as they arrive. */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    while (true) {
      if (signal?.aborted) return;
      const { done, value } = await reader.read();
      if (done) {
        yield* parser.feed(decoder.decode());
        return;
      }
      yield* parser.feed(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}
