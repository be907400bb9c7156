// Time zones chosen by the current UTC hour, so tests about local time (quiet hours) mean the same
// thing whenever the suite runs.

/** A zone where the local hour is `hour` right now (IANA Etc/GMT zones; their signs are inverted). */
export function timeZoneWhereItIs(hour: number, now = new Date()): string {
  let offset = hour - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** Around noon: marketing sends are never held back by the default quiet hours (21:00-08:00). */
export function middayTimeZone(now = new Date()): string {
  return timeZoneWhereItIs(12, now);
}
