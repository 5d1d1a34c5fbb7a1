import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../../lib/api';
import { sendToPlayground } from './playground';

function client(body: string, status = 200, contentType = 'text/event-stream') {
  const encoder = new TextEncoder();
  const fetch = vi.fn(async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // one byte at a time, as a slow network might deliver it
        for (const b of encoder.encode(body)) controller.enqueue(new Uint8Array([b]));
        controller.close();
      },
    });
    return new Response(stream, { status, headers: { 'Content-Type': contentType } });
  });
  return createApiClient({ tokens: { get: () => ({ accessToken: 'a', refreshToken: 'r' }), set: () => {} }, onSessionExpired: vi.fn(), fetch });
}

describe('sendToPlayground', () => {
  it('shows the growing answer and resolves with the stored reply', async () => {
    const api = client('event:delta\ndata:{"text":"Hel"}\n\nevent:delta\ndata:{"text":"lo"}\n\nevent:done\ndata:{"messageId":"m1","text":"Hello","model":"gpt","inputTokens":3}\n\n');
    const seen: string[] = [];

    const reply = await sendToPlayground(api, 'b1', 'hi', { onText: (t) => seen.push(t) });

    expect(seen).toEqual(['Hel', 'Hello']);
    expect(reply).toEqual({ messageId: 'm1', text: 'Hello', model: 'gpt', inputTokens: 3 });
  });

  it('rejects with the problem of an error event', async () => {
    const api = client('event:delta\ndata:{"text":"Hel"}\n\nevent:error\ndata:{"type":"/problems/model-failed","status":502,"detail":"The model did not answer: 401"}\n\n');

    const error = (await sendToPlayground(api, 'b1', 'hi', { onText: () => {} }).catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.kind).toBe('model-failed');
    expect(error.message).toBe('The model did not answer: 401');
  });

  it('rejects when the stream ends without a reply', async () => {
    const api = client('event:delta\ndata:{"text":"Hel"}\n\n');

    await expect(sendToPlayground(api, 'b1', 'hi', { onText: () => {} })).rejects.toThrow(/ended before the reply was complete/);
  });
});
