import { expect, it } from 'vitest';
import { parseUserIds } from './BotPage';

it('reads allowed Telegram user ids separated by commas, spaces or lines, and refuses anything else', () => {
  expect(parseUserIds('')).toEqual([]);
  expect(parseUserIds('42, 1001\n-7  99')).toEqual([42, 1001, -7, 99]);
  expect(parseUserIds('42, @alice')).toBe('Only Telegram user ids (numbers), separated by commas');
});
