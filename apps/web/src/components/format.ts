/**
 * Display formats, written out by hand rather than with Intl: the server
 * renders the page with Node's ICU data and the browser hydrates it with its
 * own, and the two do not always agree on a format, which would break
 * hydration. Dates are shown in UTC, as the legacy API writes them.
 */
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const twoDigits = (value: number) => String(value).padStart(2, "0");

/** "17 Dec 2015, 23:00 UTC" */
export function formatDateTime(date: Date): string {
  const day = `${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  return `${day}, ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())} UTC`;
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/** "1,234" */
export function formatCount(count: number): string {
  return groupThousands(String(Math.trunc(count)));
}

/** "5,000.00 USD": the code, not a symbol, since one list mixes currencies that share "$". */
export function formatMoney(amount: number, currency: string): string {
  const [units = "0", cents = "00"] = Math.abs(amount).toFixed(2).split(".");
  return `${amount < 0 ? "-" : ""}${groupThousands(units)}.${cents} ${currency}`;
}
