import { describe, expect, it } from 'vitest';
import { daysSince, formatDate, formatMoney, formatMonth, formatNumber, formatPercent, formatRelative,
         minorDigits, toMajor, toMinor } from './format';

// Intl output uses non-breaking spaces in some locales; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money', () => {
  it('formats minor units in the locale and currency', () => {
    expect(plain(formatMoney({ value: 123456, currency: 'EUR' }, 'es-ES'))).toBe('1234,56 €');
    expect(plain(formatMoney({ value: 1234567, currency: 'EUR' }, 'es-ES'))).toBe('12.345,67 €');
    expect(formatMoney({ value: 123456, currency: 'USD' }, 'en-US')).toBe('$1,234.56');
    expect(formatMoney({ value: 1500, currency: 'JPY' }, 'en-US')).toBe('¥1,500');
  });

  it('knows each currency minor digits, both ways', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
    expect(toMajor({ value: 1999, currency: 'EUR' })).toBe(19.99);
    expect(toMinor(19.99, 'EUR')).toBe(1999);
    expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30);
    expect(toMinor(1500, 'JPY')).toBe(1500);
  });

  it('shows a dash for no amount, and a compact form for charts', () => {
    expect(formatMoney(null, 'en-GB')).toBe('—');
    expect(formatMoney({ value: 250_000_000, currency: 'USD' }, 'en-US', { compact: true })).toBe('$2.5M');
  });
});

describe('numbers and dates', () => {
  it('formats numbers and percents per locale', () => {
    expect(formatNumber(1234.5, 'en-GB')).toBe('1,234.5');
    expect(formatNumber(1234.5, 'es-ES')).toBe('1234,5');
    expect(formatNumber(undefined, 'es-ES')).toBe('—');
    expect(formatPercent(0.634, 'en-GB')).toBe('63.4%');
    expect(plain(formatPercent(0.634, 'es-ES'))).toBe('63,4 %');
  });

  it('shows a calendar date as that day everywhere, and months by name', () => {
    expect(formatDate('2026-03-01', 'en-GB')).toBe('1 Mar 2026');
    expect(formatDate('2026-03-01', 'es-ES')).toBe('1 mar 2026');
    expect(formatDate('', 'en-GB')).toBe('—');
    expect(formatDate('not a date', 'en-GB')).toBe('—');
    expect(formatMonth('2026-11', 'en-GB')).toBe('Nov 2026');
  });

  it('says how long ago, in the largest fitting unit', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(formatRelative('2026-11-27T12:00:00Z', 'en-GB', now)).toBe('3 days ago');
    expect(formatRelative('2026-11-30T10:00:00Z', 'es-ES', now)).toBe('hace 2 horas');
    expect(formatRelative('2026-12-01T12:00:00Z', 'en-GB', now)).toBe('tomorrow');
    expect(daysSince('2026-11-20T13:00:00Z', now)).toBe(9);
    expect(daysSince('2026-12-20T13:00:00Z', now)).toBe(0);
  });
});
