// How numbers, rates, money and times are written on screen, in the browser's locale.
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const decimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatCount = (n: number | undefined) => (n === undefined ? '–' : integer.format(n));

/** A share of a base; "–" when there is no base to divide by. */
export const formatRate = (part: number, base: number) => (base > 0 ? percent.format(part / base) : '–');

/** Revenue is summed over orders in whatever currency the shop reports; shown without a symbol. */
export const formatMoney = (n: number) => decimal.format(n);

export const formatDateTime = (iso: string | undefined) => (iso ? dateTime.format(new Date(iso)) : '–');
