/**
 * How numbers and times read in the app. Money has no currency code (prices are in the owner's own
 * currency), so it is a plain number: two decimals from 1 up, and enough significant digits below
 * that for a fraction of a cent to stay visible.
 */

type Num = number | string | null | undefined;

function toNumber(value: Num): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export function money(value: Num, locale?: string): string {
  const n = toNumber(value);
  if (n === null) return '—';
  if (n === 0) return (0).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (Math.abs(n) >= 1) {
    return n.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  const significant = Number(n.toPrecision(3));
  const decimals = Math.min(6, Math.max(2, -Math.floor(Math.log10(Math.abs(significant))) + 2));
  return n.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: decimals });
}

/** A whole count with grouping: 1234567 → "1,234,567". */
export function count(value: Num, locale?: string): string {
  const n = toNumber(value);
  return n === null ? '—' : Math.round(n).toLocaleString(locale);
}

/** Token counts, short: 950 → "950", 12_300 → "12.3K", 4_560_000 → "4.56M". */
export function tokens(value: Num, locale?: string): string {
  const n = toNumber(value);
  if (n === null) return '—';
  if (Math.abs(n) < 1000) return Math.round(n).toLocaleString(locale);
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumSignificantDigits: 3 }).format(n);
}

/** A duration in milliseconds: 340 → "340 ms", 1234 → "1.23 s", 95_000 → "1 min 35 s". */
export function latency(ms: Num, locale?: string): string {
  const n = toNumber(ms);
  if (n === null) return '—';
  if (n < 1000) return `${Math.round(n).toLocaleString(locale)} ms`;
  if (n < 60_000) return `${(n / 1000).toLocaleString(locale, { maximumSignificantDigits: 3 })} s`;
  const minutes = Math.floor(n / 60_000);
  const seconds = Math.round((n % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

export interface DateOptions {
  locale?: string;
  timeZone?: string;
}

/** An instant as a local date and time, e.g. "Nov 25, 2026, 14:05". */
export function dateTime(iso: string | null | undefined, options: DateOptions = {}): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(options.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: options.timeZone,
  });
}

/** An instant relative to now: "just now", "5 minutes ago", "in 2 hours", "3 days ago". */
export function relative(iso: string | null | undefined, now: Date = new Date(), locale?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'minute') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(seconds, 'second');
}

/** Midnight UTC of the day (the server counts usage days in UTC). */
export function startOfUtcDay(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Midnight UTC of the first day of the month. */
export function startOfUtcMonth(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** "2026-11-25" for an `<input type="date">`, in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
