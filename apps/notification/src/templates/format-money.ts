import type { MoneyData } from '@shop/contracts';

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * Integer minor units -> a display string, e.g. {12345, EUR} -> "€123.45",
 * {500, JPY} -> "¥500". The currency's own number of decimals comes from Intl;
 * the decimal string is built with integer arithmetic, never with float division.
 */
export function formatMoney(money: MoneyData, locale = 'en-US'): string {
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency });
    formatters.set(key, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const minor = BigInt(money.amountMinor);
  const scale = 10n ** BigInt(digits);
  const whole = (minor / scale).toString();
  const fraction = (minor % scale).toString().padStart(digits, '0');
  // Intl formats decimal strings exactly (no float rounding on large amounts).
  const decimal = (digits > 0 ? `${whole}.${fraction}` : whole) as Intl.StringNumericLiteral;
  return formatter.format(decimal);
}
