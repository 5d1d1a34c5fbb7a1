import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import { money } from '../../lib/format';
import ChatPage from './ChatPage';

const XSS = '<img src=x onerror=alert(1)>';

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  localStorage.setItem('switchboard.tokens', JSON.stringify({ accessToken: 'a', refreshToken: 'r' }));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      const body = url.startsWith('/api/chats/c1/messages')
        ? [
            { id: 'm1', role: 'USER', text: XSS, source: 'TELEGRAM', telegramUserId: 42, createdAt: '2026-11-25T10:00:00Z' },
            { id: 'm2', role: 'ASSISTANT', text: `You wrote ${XSS}`, source: 'TELEGRAM', modelId: 'mod1', inputTokens: 12, outputTokens: 7, cost: 0.000026, latencyMs: 850, createdAt: '2026-11-25T10:00:01Z' },
          ]
        : url.startsWith('/api/models')
          ? [{ id: 'mod1', modelName: 'gpt-test' }]
          : { id: 'u1', email: 'a@b.c', role: 'USER' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = '';
});

it('renders message text as text, never as HTML, with each reply’s model, tokens, cost and latency', async () => {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <MemoryRouter initialEntries={['/chats/c1']}>
        <AuthProvider>
          <Routes>
            <Route path="/chats/:chatId" element={<ChatPage />} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>,
    );
  });
  await vi.waitFor(() => expect(container.querySelectorAll('.bubble')).toHaveLength(2));
  await vi.waitFor(() => expect(container.textContent).toContain('gpt-test'));

  expect(container.querySelector('img')).toBeNull();
  const texts = [...container.querySelectorAll('.bubble-text')].map((e) => e.textContent);
  expect(texts).toEqual([XSS, `You wrote ${XSS}`]);
  expect(container.textContent).toContain('12 in / 7 out tokens');
  expect(container.textContent).toContain('850 ms');
  expect(container.textContent).toContain(money(0.000026));
  await act(async () => root.unmount());
});
