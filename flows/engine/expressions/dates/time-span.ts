import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND, pad } from './date-time-value';

/**
 * A .NET TimeSpan in its constant ("c") form, which is what `TimeSpan.ToString()` and therefore
 * `dateDifference()` print: `[-][d.]hh:mm:ss[.fffffff]` — the day part only when non-zero, the
 * fraction only when non-zero and then always 7 digits (`'1268.00:00:00'`, `'-00:30:00'`,
 * `'00:00:00.0010000'`).
 */
export function formatTimeSpanConstant(ticks: bigint): string {
  const negative = ticks < 0n;
  let rest = negative ? -ticks : ticks;
  const days = rest / TICKS_PER_DAY;
  rest %= TICKS_PER_DAY;
  const hours = Number(rest / TICKS_PER_HOUR);
  rest %= TICKS_PER_HOUR;
  const minutes = Number(rest / TICKS_PER_MINUTE);
  rest %= TICKS_PER_MINUTE;
  const seconds = Number(rest / TICKS_PER_SECOND);
  const fraction = Number(rest % TICKS_PER_SECOND);
  return (
    (negative ? '-' : '') +
    (days > 0n ? `${days}.` : '') +
    `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}` +
    (fraction > 0 ? `.${pad(fraction, 7)}` : '')
  );
}
