/**
 * The one HTTP client of the app. Every error answer becomes an {@link ApiError} built from the
 * server's RFC 9457 problem details (with its field errors). An access token that has expired is
 * renewed without the user noticing: the first 401 starts one refresh, every other request that
 * fails meanwhile waits for that same refresh (refresh tokens rotate, and replaying a used one
 * revokes the whole session, so two refreshes must never race), then each is retried once. When
 * the refresh itself fails the session is over: tokens are dropped and `onSessionExpired` runs.
 */
import type { components } from './api-types';

export type Schemas = components['schemas'];

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** Where the session's tokens live (localStorage in the app, memory in tests). */
export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens | null): void;
}

/** One field's complaint, as the server's `errors` list gives it. */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  /** The problem's stable `type`, e.g. `/problems/invalid-request`; empty when the answer was not a problem. */
  readonly type: string;
  readonly title: string;
  readonly requestId?: string;
  readonly fieldErrors: Record<string, string>;

  constructor(status: number, message: string, options: { type?: string; title?: string; requestId?: string; fieldErrors?: FieldError[] } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = options.type ?? '';
    this.title = options.title ?? '';
    this.requestId = options.requestId;
    this.fieldErrors = Object.fromEntries((options.fieldErrors ?? []).map((e) => [e.field, e.message]));
  }

  /** The problem type's last segment (`invalid-request`, `not-found`, ...). */
  get kind(): string {
    return this.type.split('/').pop() ?? '';
  }
}

/** Builds an {@link ApiError} from any error answer, problem+json or not. */
export async function toApiError(response: Response): Promise<ApiError> {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (contentType.includes('json')) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      const detail = typeof body.detail === 'string' && body.detail ? body.detail : undefined;
      const title = typeof body.title === 'string' ? body.title : undefined;
      const errors = Array.isArray(body.errors)
        ? (body.errors as unknown[]).filter(
            (e): e is FieldError =>
              typeof e === 'object' && e !== null && typeof (e as FieldError).field === 'string' && typeof (e as FieldError).message === 'string',
          )
        : [];
      return new ApiError(response.status, detail ?? title ?? statusText(response), {
        type: typeof body.type === 'string' ? body.type : undefined,
        title,
        requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
        fieldErrors: errors,
      });
    } catch {
      // not JSON after all: fall through to a plain error
    }
  }
  return new ApiError(response.status, statusText(response));
}

function statusText(response: Response): string {
  return `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

export interface ApiClientOptions {
  tokens: TokenStore;
  onSessionExpired: () => void;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Serialises refreshes across browser tabs; defaults to the Web Locks API where there is one. */
  lock?: <T>(name: string, work: () => Promise<T>) => Promise<T>;
}

export interface RequestOptions {
  /** Send no bearer token and never refresh (the auth endpoints). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  del<T = void>(path: string, options?: RequestOptions): Promise<T>;
  /**
   * Sends a request whose answer is read as a stream (server-sent events): the same
   * authentication and silent refresh as the others, and an {@link ApiError} for an error answer,
   * but a successful answer is returned unread.
   */
  open(method: string, path: string, body?: unknown, options?: RequestOptions & { accept?: string }): Promise<Response>;
  /** Renews the tokens now (single-flight); false when the session is over. */
  refresh(): Promise<boolean>;
}

function defaultLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? (locks.request(name, work) as Promise<T>) : work();
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const lock = options.lock ?? defaultLock;
  let refreshing: Promise<boolean> | null = null;

  async function send(method: string, path: string, body: unknown, accessToken: string | undefined, signal?: AbortSignal, accept = 'application/json') {
    const headers: Record<string, string> = { Accept: accept };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    return doFetch(baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  }

  async function doRefresh(failedAccessToken: string | undefined): Promise<boolean> {
    return lock('switchboard-token-refresh', async () => {
      const current = options.tokens.get();
      if (!current) return false;
      // Another tab (or an earlier refresh) already renewed the tokens: use them.
      if (current.accessToken !== failedAccessToken) return true;
      try {
        const response = await send('POST', '/api/auth/refresh', { refreshToken: current.refreshToken }, undefined);
        if (!response.ok) return false;
        const pair = (await response.json()) as Schemas['TokenPair'];
        if (!pair.accessToken || !pair.refreshToken) return false;
        options.tokens.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
        return true;
      } catch {
        return false;
      }
    });
  }

  function refreshOnce(failedAccessToken: string | undefined): Promise<boolean> {
    if (!refreshing) {
      refreshing = doRefresh(failedAccessToken)
        .then((ok) => {
          if (!ok) {
            options.onSessionExpired();
            options.tokens.set(null);
          }
          return ok;
        })
        .finally(() => {
          refreshing = null;
        });
    }
    return refreshing;
  }

  async function parse<T>(response: Response): Promise<T> {
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends with the access token; on 401 refreshes once (single-flight) and sends again. */
  async function authorized(method: string, path: string, body: unknown, requestOptions: RequestOptions, accept?: string): Promise<Response> {
    if (requestOptions.anonymous) {
      return send(method, path, body, undefined, requestOptions.signal, accept);
    }
    // A refresh in flight: wait for it rather than sending a token that is about to be replaced.
    if (refreshing) await refreshing;
    const used = options.tokens.get()?.accessToken;
    const response = await send(method, path, body, used, requestOptions.signal, accept);
    if (response.status !== 401 || !used) return response;

    const renewed = await refreshOnce(used);
    if (!renewed) return response;
    return send(method, path, body, options.tokens.get()?.accessToken, requestOptions.signal, accept);
  }

  async function request<T>(method: string, path: string, body?: unknown, requestOptions: RequestOptions = {}): Promise<T> {
    return parse<T>(await authorized(method, path, body, requestOptions));
  }

  async function open(method: string, path: string, body?: unknown, requestOptions: RequestOptions & { accept?: string } = {}): Promise<Response> {
    const response = await authorized(method, path, body, requestOptions, requestOptions.accept ?? 'text/event-stream, application/problem+json');
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  return {
    request,
    get: (path, o) => request('GET', path, undefined, o),
    post: (path, body, o) => request('POST', path, body, o),
    patch: (path, body, o) => request('PATCH', path, body, o),
    del: (path, o) => request('DELETE', path, undefined, o),
    open,
    refresh: () => refreshOnce(options.tokens.get()?.accessToken),
  };
}

/** Tokens in localStorage, so a reload or a second tab keeps the session. */
export function localTokenStore(key = 'switchboard.tokens'): TokenStore & { subscribe(listener: () => void): () => void } {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      if (e.key === key) notify();
    });
  }
  return {
    get() {
      try {
        const raw = localStorage.getItem(key);
        return raw ? (JSON.parse(raw) as Tokens) : null;
      } catch {
        return null;
      }
    },
    set(tokens) {
      if (tokens) localStorage.setItem(key, JSON.stringify(tokens));
      else localStorage.removeItem(key);
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
