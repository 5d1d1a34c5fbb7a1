import { render } from '@testing-library/react';
import { expect, it } from 'vitest';
import { QrCode } from './QrCode';

it('draws a QR code of the value as an SVG path, larger for longer values', () => {
  const short = render(<QrCode value="https://t.me/a_bot?start=x" label="short" />);
  const long = render(<QrCode value={'https://t.me/a_bot?start=link_' + 'A'.repeat(43)} label="long" />);
  const box = (c: HTMLElement) => Number(c.querySelector('svg')!.getAttribute('viewBox')!.split(' ')[2]);
  expect(short.getByRole('img', { name: 'short' }).querySelector('path')!.getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
  expect(box(long.container)).toBeGreaterThan(box(short.container));
});
