import { describe, expect, it } from 'vitest';
import { count, dateTime, isoDay, latency, money, relative, startOfUtcDay, startOfUtcMonth, tokens } from './format';

describe('money', () => {
  it('shows two decimals from one up', () => {
    expect(money(12.5, 'en-US')).toBe('12.50');
    expect(money('1234.5', 'en-US')).toBe('1,234.50');
  });
  it('keeps fractions of a cent visible', () => {
    expect(money(0.000123, 'en-US')).toBe('0.000123');
    expect(money(0.0456789, 'en-US')).toBe('0.0457');
    expect(money(0.5, 'en-US')).toBe('0.50');
  });
  it('shows zero and missing values plainly', () => {
    expect(money(0, 'en-US')).toBe('0.00');
    expect(money(null)).toBe('—');
    expect(money('not a number')).toBe('—');
  });
});

describe('token counts', () => {
  it('are exact below a thousand and compact above', () => {
    expect(tokens(950, 'en-US')).toBe('950');
    expect(tokens(12_300, 'en-US')).toBe('12.3K');
    expect(tokens(4_560_000, 'en-US')).toBe('4.56M');
    expect(tokens(undefined)).toBe('—');
  });
  it('can be shown in full with grouping', () => {
    expect(count(1_234_567, 'en-US')).toBe('1,234,567');
  });
});

describe('latency', () => {
  it('reads in ms, seconds or minutes', () => {
    expect(latency(340, 'en-US')).toBe('340 ms');
    expect(latency(1234, 'en-US')).toBe('1.23 s');
    expect(latency(95_000, 'en-US')).toBe('1 min 35 s');
    expect(latency(120_000, 'en-US')).toBe('2 min');
    expect(latency(null)).toBe('—');
  });
});

describe('dates', () => {
  it('show an instant in the given zone', () => {
    expect(dateTime('2026-11-25T14:05:09Z', { locale: 'en-US', timeZone: 'UTC' })).toBe('Nov 25, 2026, 14:05');
    expect(dateTime('2026-11-25T14:05:09Z', { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toBe('Nov 25, 2026, 23:05');
    expect(dateTime(undefined)).toBe('—');
    expect(dateTime('garbage')).toBe('—');
  });
  it('say how long ago', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(relative('2026-11-25T11:59:50Z', now, 'en-US')).toBe('just now');
    expect(relative('2026-11-25T11:55:00Z', now, 'en-US')).toBe('5 minutes ago');
    expect(relative('2026-11-25T14:00:00Z', now, 'en-US')).toBe('in 2 hours');
    expect(relative('2026-11-22T12:00:00Z', now, 'en-US')).toBe('3 days ago');
  });
  it('find the UTC day and month a usage period starts at', () => {
    const now = new Date('2026-11-25T23:30:00-05:00');
    expect(startOfUtcDay(now).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(startOfUtcMonth(now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(isoDay(new Date('2026-01-05T10:00:00Z'))).toBe('2026-01-05');
  });
});
