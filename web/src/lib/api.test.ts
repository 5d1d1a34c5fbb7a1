import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, type Tokens, type TokenStore } from './api';

function memoryStore(initial: Tokens | null): TokenStore & { value: Tokens | null } {
  return {
    value: initial,
    get() {
      return this.value;
    },
    set(tokens) {
      this.value = tokens;
    },
  };
}

function json(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { type: '/problems/x', title: 'T', status, detail, ...extra }, 'application/problem+json');
}

/** A fake server: access tokens `a<n>` are valid once the refresh that issued them ran. */
function fakeServer(options: { validAccess: string; refreshWorks?: boolean }) {
  let valid = options.validAccess;
  let refreshes = 0;
  const calls: { path: string; auth: string | null }[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const path = String(url);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ path, auth: headers.Authorization ?? null });
    if (path === '/api/auth/refresh') {
      refreshes++;
      await new Promise((r) => setTimeout(r, 5));
      if (options.refreshWorks === false) return problem(401, 'The refresh token is invalid, expired or already used');
      valid = `a${refreshes}`;
      return json(200, { accessToken: valid, refreshToken: `r${refreshes}`, tokenType: 'Bearer', expiresIn: 900 });
    }
    if (headers.Authorization !== `Bearer ${valid}`) return problem(401, 'Authentication required');
    return json(200, { path });
  });
  return { fetch, calls, refreshes: () => refreshes };
}

describe('errors', () => {
  it('turn a problem into a typed error with its field errors', async () => {
    const fetch = vi.fn(async () =>
      problem(400, 'The request has invalid values', {
        type: '/problems/invalid-request',
        requestId: 'req-1',
        errors: [
          { field: 'email', message: 'must be a well-formed email address' },
          { field: 'password', message: 'size must be between 8 and 1024' },
        ],
      }),
    );
    const api = createApiClient({ tokens: memoryStore(null), onSessionExpired: vi.fn(), fetch });

    const error = (await api.post('/api/auth/register', {}, { anonymous: true }).catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('The request has invalid values');
    expect(error.kind).toBe('invalid-request');
    expect(error.requestId).toBe('req-1');
    expect(error.fieldErrors).toEqual({
      email: 'must be a well-formed email address',
      password: 'size must be between 8 and 1024',
    });
  });

  it('turn a non-JSON failure into an error that names the status', async () => {
    const fetch = vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    const api = createApiClient({ tokens: memoryStore(null), onSessionExpired: vi.fn(), fetch });

    const error = (await api.get('/api/bots').catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.message).toBe('The server answered 502 Bad Gateway');
    expect(error.fieldErrors).toEqual({});
  });

  it('answer 204 with nothing and send JSON bodies with the bearer token', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const api = createApiClient({ tokens: memoryStore({ accessToken: 'a0', refreshToken: 'r0' }), onSessionExpired: vi.fn(), fetch });

    await expect(api.del('/api/bots/1')).resolves.toBeUndefined();
    await api.post('/api/bots', { name: 'x' });

    const [, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(init.body).toBe('{"name":"x"}');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer a0');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });
});

describe('token refresh', () => {
  it('renews an expired access token once and retries the request', async () => {
    const server = fakeServer({ validAccess: 'fresh-only-after-refresh' });
    const tokens = memoryStore({ accessToken: 'expired', refreshToken: 'r0' });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ tokens, onSessionExpired, fetch: server.fetch });

    await expect(api.get('/api/me')).resolves.toEqual({ path: '/api/me' });

    expect(server.refreshes()).toBe(1);
    expect(tokens.value).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
    expect(server.calls.map((c) => `${c.path} ${c.auth}`)).toEqual([
      '/api/me Bearer expired',
      '/api/auth/refresh null',
      '/api/me Bearer a1',
    ]);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('starts one refresh for many concurrent 401s', async () => {
    const server = fakeServer({ validAccess: 'not-yet' });
    const tokens = memoryStore({ accessToken: 'expired', refreshToken: 'r0' });
    const api = createApiClient({ tokens, onSessionExpired: vi.fn(), fetch: server.fetch });

    const answers = await Promise.all(['/api/a', '/api/b', '/api/c', '/api/d'].map((p) => api.get(p)));

    expect(answers).toEqual([{ path: '/api/a' }, { path: '/api/b' }, { path: '/api/c' }, { path: '/api/d' }]);
    expect(server.refreshes()).toBe(1);
    const refreshBodies = server.fetch.mock.calls
      .filter(([url]) => String(url) === '/api/auth/refresh')
      .map(([, init]) => (init as RequestInit).body);
    expect(refreshBodies).toEqual(['{"refreshToken":"r0"}']);
  });

  it('does not refresh again when another tab already replaced the token', async () => {
    const tokens = memoryStore({ accessToken: 'old', refreshToken: 'r1' });
    let refreshes = 0;
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      const auth = ((init?.headers ?? {}) as Record<string, string>).Authorization;
      if (String(url) === '/api/auth/refresh') {
        refreshes++;
        return problem(401, 'already used');
      }
      if (auth === 'Bearer old') {
        // Another tab refreshed while this request was on its way.
        tokens.value = { accessToken: 'new', refreshToken: 'r2' };
        return problem(401, 'Authentication required');
      }
      return json(200, { auth });
    });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ tokens, onSessionExpired, fetch });

    await expect(api.get('/api/x')).resolves.toEqual({ auth: 'Bearer new' });
    expect(refreshes).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('ends the session when the refresh fails: tokens dropped, one call to onSessionExpired, a 401 error', async () => {
    const server = fakeServer({ validAccess: 'never', refreshWorks: false });
    const tokens = memoryStore({ accessToken: 'expired', refreshToken: 'used' });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ tokens, onSessionExpired, fetch: server.fetch });

    const errors = await Promise.all([api.get('/api/a').catch((e) => e), api.get('/api/b').catch((e) => e)]);

    expect(errors.every((e) => e instanceof ApiError && e.status === 401)).toBe(true);
    expect(server.refreshes()).toBe(1);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.value).toBeNull();
  });

  it('never refreshes for anonymous calls or without a session', async () => {
    const server = fakeServer({ validAccess: 'x' });
    const onSessionExpired = vi.fn();
    const api = createApiClient({ tokens: memoryStore(null), onSessionExpired, fetch: server.fetch });

    await expect(api.post('/api/auth/login', {}, { anonymous: true })).rejects.toMatchObject({ status: 401 });
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 401 });

    expect(server.refreshes()).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
  });

  it('serialises the refresh through the cross-tab lock', async () => {
    const server = fakeServer({ validAccess: 'nope' });
    const names: string[] = [];
    const lock = <T,>(name: string, work: () => Promise<T>) => {
      names.push(name);
      return work();
    };
    const api = createApiClient({ tokens: memoryStore({ accessToken: 'expired', refreshToken: 'r0' }), onSessionExpired: vi.fn(), fetch: server.fetch, lock });

    await api.get('/api/me');

    expect(names).toEqual(['switchboard-token-refresh']);
  });
});

describe('open (streamed answers)', () => {
  it('refreshes an expired token, asks for an event stream and returns the answer unread', async () => {
    const server = fakeServer({ validAccess: 'fresh-only-after-refresh' });
    const tokens = memoryStore({ accessToken: 'expired', refreshToken: 'r0' });
    const api = createApiClient({ tokens, onSessionExpired: vi.fn(), fetch: server.fetch });

    const response = await api.open('POST', '/api/bots/1/playground', { text: 'hi' });

    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ path: '/api/bots/1/playground' });
    expect(server.refreshes()).toBe(1);
    const last = server.fetch.mock.calls.at(-1)!;
    const headers = last[1]!.headers as Record<string, string>;
    expect(headers.Accept).toBe('text/event-stream, application/problem+json');
    expect(headers.Authorization).toBe('Bearer a1');
    expect(last[1]!.body).toBe('{"text":"hi"}');
  });

  it('turns an error answer into an ApiError before any event is read', async () => {
    const fetch = vi.fn(async () => problem(409, 'The bot is still answering', { type: '/problems/conflict' }));
    const api = createApiClient({ tokens: memoryStore({ accessToken: 'a', refreshToken: 'r' }), onSessionExpired: vi.fn(), fetch });

    const error = (await api.open('POST', '/api/bots/1/playground', { text: 'hi' }).catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('The bot is still answering');
  });
});
