import type { Money } from '../api/api-types';

/** Integer minor units -> "€12.50": the API never sends floats for money. */
export const formatMoney = ({ amountMinor, currency }: Money): string =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amountMinor / 100);

export const formatTime = (iso: string): string => {
  const date = new Date(iso);
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
};
