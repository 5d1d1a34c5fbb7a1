/** Talking to a bot through `POST /api/bots/{id}/playground`, whose answer streams as server-sent events. */
import { ApiError, type ApiClient, type Schemas } from '../../lib/api';
import { readSse } from '../../lib/sse';

export type PlaygroundReply = Schemas['PlaygroundReply'];

export interface PlaygroundHandlers {
  /** The whole answer so far, after each new piece. */
  onText(textSoFar: string): void;
}

/**
 * Sends `text` and resolves with the stored reply once the `done` event arrives. Rejects with an
 * {@link ApiError} when the server refuses the message (400, 404, 409), when the stream ends with
 * an `error` event (its problem detail), or when it ends without a `done`.
 */
export async function sendToPlayground(api: ApiClient, botId: string, text: string, handlers: PlaygroundHandlers, signal?: AbortSignal): Promise<PlaygroundReply> {
  const response = await api.open('POST', `/api/bots/${encodeURIComponent(botId)}/playground`, { text }, { signal });
  if (!response.body) throw new ApiError(response.status, 'The server sent no answer');
  let soFar = '';
  for await (const event of readSse(response.body, signal)) {
    const data = JSON.parse(event.data) as Record<string, unknown>;
    if (event.event === 'delta') {
      soFar += typeof data.text === 'string' ? data.text : '';
      handlers.onText(soFar);
    } else if (event.event === 'done') {
      return data as PlaygroundReply;
    } else if (event.event === 'error') {
      throw new ApiError(typeof data.status === 'number' ? data.status : 500, typeof data.detail === 'string' ? data.detail : 'The bot could not answer', {
        type: typeof data.type === 'string' ? data.type : undefined,
        title: typeof data.title === 'string' ? data.title : undefined,
        requestId: typeof data.requestId === 'string' ? data.requestId : undefined,
      });
    }
  }
  throw new ApiError(0, 'The connection ended before the reply was complete; reload to see whether it was stored');
}
