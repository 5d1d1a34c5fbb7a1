import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, expect, it, vi } from 'vitest';
import { AuthProvider } from '../../lib/auth';
import BotPage, { parseUserIds } from './BotPage';

it('reads allowed Telegram user ids separated by commas, spaces or lines, and refuses anything else', () => {
  expect(parseUserIds('')).toEqual([]);
  expect(parseUserIds('42, 1001\n-7  99')).toEqual([42, 1001, -7, 99]);
  expect(parseUserIds('42, @alice')).toBe('Only Telegram user ids (numbers), separated by commas');
});

const TOKEN = '123456:AA-typed-token-never-shown-again';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = '';
});

it('never shows the token just typed on the created bot’s page, not even for one render', async () => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  localStorage.setItem('switchboard.tokens', JSON.stringify({ accessToken: 'a', refreshToken: 'r' }));
  const bot = { id: 'b1', name: 'Support', username: 'support_bot', mode: 'polling', approval: 'auto', enabled: true };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const body =
        url === '/api/bots' && init?.method === 'POST'
          ? bot
          : url === '/api/bots/b1'
            ? bot
            : url.startsWith('/api/models') || url.endsWith('/business-connections')
              ? []
              : url.endsWith('/budget')
                ? {}
                : { id: 'u1', email: 'a@b.c', role: 'USER' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <MemoryRouter initialEntries={['/bots/new']}>
        <AuthProvider>
          <Routes>
            <Route path="/bots/new" element={<BotPage />} />
            <Route path="/bots/:botId" element={<BotPage />} />
          </Routes>
        </AuthProvider>
      </MemoryRouter>,
    );
  });
  const token = await vi.waitFor(() => {
    const input = container.querySelector<HTMLInputElement>('input[type=password]');
    expect(input).not.toBeNull();
    return input!;
  });
  // Every value a password field held before React changed it (a field mounted with a value and
  // reset by an effect right after shows here, though no test could read it in between).
  const held: (string | null)[] = [];
  const observer = new MutationObserver((records) => records.forEach((r) => held.push(r.oldValue)));
  observer.observe(container, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['value'] });
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(token, TOKEN);
    token.dispatchEvent(new Event('input', { bubbles: true }));
  });
  expect(token.getAttribute('value')).toBe(TOKEN); // React mirrors the value, so the observer sees it
  await act(async () => {
    container.querySelector('form')!.requestSubmit();
  });
  await vi.waitFor(() => expect(container.textContent).toContain('Created. Telegram checked the token: this bot is @support_bot'));

  const replace = [...container.querySelectorAll('label')].find((l) => l.textContent === 'Replace bot token');
  expect(replace).toBeDefined();
  expect((document.getElementById(replace!.htmlFor) as HTMLInputElement).value).toBe('');
  held.push(...observer.takeRecords().map((r) => r.oldValue));
  observer.disconnect();
  expect(held).not.toContain(TOKEN);
  await act(async () => root.unmount());
});
