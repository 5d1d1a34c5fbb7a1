import { describe, expect, it } from 'vitest';
import { readSse, SseParser, type SseEvent } from './sse';

function parseAll(...chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

describe('SseParser', () => {
  it('reads named events with JSON data as Spring writes them', () => {
    expect(parseAll('event:delta\ndata:{"text":"Hel"}\n\nevent:done\ndata:{"text":"Hello"}\n\n')).toEqual([
      { event: 'delta', data: '{"text":"Hel"}', id: undefined },
      { event: 'done', data: '{"text":"Hello"}', id: undefined },
    ]);
  });

  it('keeps an event whose lines and line endings are split across chunks', () => {
    const whole = 'event: delta\r\ndata: {"text":"a b"}\r\n\r\n';
    for (let cut = 1; cut < whole.length; cut++) {
      expect(parseAll(whole.slice(0, cut), whole.slice(cut))).toEqual([{ event: 'delta', data: '{"text":"a b"}', id: undefined }]);
    }
  });

  it('joins data lines, drops one leading space, ignores comments and unknown fields', () => {
    expect(parseAll(': keep-alive\ndata:  two spaces\ndata:second\nretry: 10\nfoo\n\n')).toEqual([
      { event: 'message', data: ' two spaces\nsecond', id: undefined },
    ]);
  });

  it('accepts lone CR line endings and remembers the last id', () => {
    expect(parseAll('id: 7\rdata: x\r\rdata: y\r\r')).toEqual([
      { event: 'message', data: 'x', id: '7' },
      { event: 'message', data: 'y', id: '7' },
    ]);
  });

  it('does not dispatch an event without data, nor one cut off by the end of the stream', () => {
    expect(parseAll('event: ping\n\n', 'event: delta\ndata: unfinished')).toEqual([]);
  });

  it('forgets the event name after dispatching', () => {
    expect(parseAll('event: done\ndata: 1\n\ndata: 2\n\n').map((e) => e.event)).toEqual(['done', 'message']);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split inside a character and yields events as chunks arrive', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"héllo ✓"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const b of bytes) controller.enqueue(new Uint8Array([b]));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    for await (const event of readSse(body)) events.push(event);
    expect(events).toEqual([{ event: 'delta', data: '{"text":"héllo ✓"}', id: undefined }]);
  });
});
