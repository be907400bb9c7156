// A time zone where it is around noon right now, so that tests of marketing sends are never held back by
// the default quiet hours (21:00-08:00) whatever the time of day the suite runs.
export function middayTimeZone(now = new Date()): string {
  const offset = 12 - now.getUTCHours(); // local hour = UTC hour + offset
  // IANA's Etc/GMT zones have inverted signs: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
