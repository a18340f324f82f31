// Locale-aware formatting through Intl. Money arrives in integer minor units ({value, currency}).

export interface Money {
  value: number;
  currency: string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) {
    format = make();
    numberFormats.set(key, format);
  }
  return format;
}

// How many minor units a currency has (EUR 2, JPY 0, BHD 3), as Intl knows it.
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function toMajor(money: Money): number {
  return money.value / 10 ** minorDigits(money.currency);
}

export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

export function formatMoney(money: Money | null | undefined, locale: string,
                            options: { compact?: boolean } = {}): string {
  if (!money) return '—';
  const key = `m|${locale}|${money.currency}|${options.compact ? 'c' : ''}`;
  const format = cached(key, () => {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency', currency: money.currency,
        ...(options.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
      });
    } catch {
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    }
  });
  return format.format(toMajor(money));
}

export function formatNumber(value: number | null | undefined, locale: string,
                             options: Intl.NumberFormatOptions = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const key = `n|${locale}|${JSON.stringify(options)}`;
  return cached(key, () => new Intl.NumberFormat(locale, options)).format(value);
}

export function formatPercent(fraction: number | null | undefined, locale: string): string {
  return formatNumber(fraction, locale, { style: 'percent', maximumFractionDigits: 1 });
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatDate(value: string | number | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  // A plain date (2026-03-01) is a calendar day, not an instant: show it as such in UTC.
  const plainDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium', ...(plainDay ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

export function formatDateTime(value: string | number | Date | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatMonth(month: string, locale: string): string {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

// "3 days ago", "in 2 hours": the largest unit that fits.
export function formatRelative(value: string | number | Date, locale: string, now = Date.now()): string {
  const seconds = Math.round((toDate(value).getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400],
    ['hour', 3_600], ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'minute');
}

// Whole days between an instant and now (the age of a card on the board).
export function daysSince(value: string | number | Date, now = Date.now()): number {
  return Math.max(0, Math.floor((now - toDate(value).getTime()) / 86_400_000));
}
