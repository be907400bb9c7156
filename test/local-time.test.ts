import { describe, expect, test } from 'vitest';
import { LocalTimeError, nextLocalTime, quietHoursEnd } from '../campaigns/local-time';

const berlin = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);
const next = (after: string, time: string, weekdays?: Parameters<typeof nextLocalTime>[0]['weekdays']) =>
  nextLocalTime({ after: at(after), timeZone: berlin, time, weekdays }).toISOString();

describe('nextLocalTime', () => {
  test('later the same day when the time is still ahead, else the next day', () => {
    // Monday 10 June 2024, 07:00 in Berlin (CEST, UTC+2).
    expect(next('2024-06-10T05:00:00Z', '09:30')).toBe('2024-06-10T07:30:00.000Z');
    expect(next('2024-06-10T08:00:00Z', '09:30')).toBe('2024-06-11T07:30:00.000Z');
  });

  test('an instant exactly at the wall time is itself the answer', () => {
    expect(next('2024-06-10T07:30:00Z', '09:30')).toBe('2024-06-10T07:30:00.000Z');
  });

  test('only allowed weekdays count, up to a week ahead', () => {
    // Friday 14 June 2024, 10:00 in Berlin: the next Monday 09:00 is 17 June.
    expect(next('2024-06-14T08:00:00Z', '09:00', ['mon'])).toBe('2024-06-17T07:00:00.000Z');
    // Friday 09:00 has passed: the next Friday.
    expect(next('2024-06-14T08:00:00Z', '09:00', ['fri'])).toBe('2024-06-21T07:00:00.000Z');
    expect(next('2024-06-14T08:00:00Z', '11:00', ['fri', 'sat'])).toBe('2024-06-14T09:00:00.000Z');
  });

  test('the weekday is the local one, not the UTC one', () => {
    // 23:30 UTC on Sunday 16 June is already Monday 01:30 in Berlin.
    expect(next('2024-06-16T23:30:00Z', '08:00', ['mon'])).toBe('2024-06-17T06:00:00.000Z');
  });

  test('across the spring change the offset of the target day is used', () => {
    // Saturday 30 March 2024 10:00 CET; Sunday 09:00 is already CEST (UTC+2).
    expect(next('2024-03-30T09:00:00Z', '09:00')).toBe('2024-03-31T07:00:00.000Z');
  });

  test('a wall time skipped by the spring change moves to the moment the clocks jump', () => {
    // On 31 March 2024 Berlin goes from 02:00 CET straight to 03:00 CEST (01:00 UTC).
    expect(next('2024-03-30T23:00:00Z', '02:30')).toBe('2024-03-31T01:00:00.000Z');
    expect(next('2024-03-30T23:00:00Z', '02:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(next('2024-03-30T23:00:00Z', '03:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(next('2024-03-30T23:00:00Z', '03:01')).toBe('2024-03-31T01:01:00.000Z');
  });

  test('a wall time that occurs twice in October gives the first occurrence not yet past', () => {
    // On 27 October 2024 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    expect(next('2024-10-26T22:00:00Z', '02:30')).toBe('2024-10-27T00:30:00.000Z');
    expect(next('2024-10-27T00:45:00Z', '02:30')).toBe('2024-10-27T01:30:00.000Z');
    expect(next('2024-10-27T01:45:00Z', '02:30')).toBe('2024-10-28T01:30:00.000Z');
    expect(next('2024-10-26T22:00:00Z', '09:00')).toBe('2024-10-27T08:00:00.000Z');
  });

  test('other zones, including half-hour offsets and the southern hemisphere', () => {
    const local = (timeZone: string, after: string, time: string) =>
      nextLocalTime({ after: at(after), timeZone, time }).toISOString();
    expect(local('Asia/Kolkata', '2024-06-10T00:00:00Z', '09:00')).toBe('2024-06-10T03:30:00.000Z');
    // Sydney leaves summer time on 7 April 2024 (UTC+11 → UTC+10).
    expect(local('Australia/Sydney', '2024-04-06T12:00:00Z', '09:00')).toBe('2024-04-06T23:00:00.000Z');
    expect(local('UTC', '2024-06-10T12:00:00Z', '00:00')).toBe('2024-06-11T00:00:00.000Z');
  });

  test('an unknown time zone or a malformed time is a typed error', () => {
    expect(() =>
      nextLocalTime({ after: at('2024-06-10T00:00:00Z'), timeZone: 'Europe/Bielefeld', time: '09:00' }),
    ).toThrow(expect.objectContaining({ code: 'invalid_time_zone' }));
    expect(() => nextLocalTime({ after: at('2024-06-10T00:00:00Z'), timeZone: berlin, time: '9:00' })).toThrow(
      LocalTimeError,
    );
    expect(() => nextLocalTime({ after: at('2024-06-10T00:00:00Z'), timeZone: berlin, time: '24:00' })).toThrow(
      expect.objectContaining({ code: 'invalid_time_of_day' }),
    );
  });
});

describe('quietHoursEnd', () => {
  const night = { start: '21:00', end: '08:00' };
  const end = (iso: string, quietHours = night, timeZone = berlin) =>
    quietHoursEnd({ at: at(iso), timeZone, quietHours })?.toISOString() ?? null;

  test('outside the window there is nothing to wait for', () => {
    expect(end('2024-06-10T10:00:00Z')).toBeNull(); // 12:00
    expect(end('2024-06-10T06:00:00Z')).toBeNull(); // 08:00, the window has just ended
    expect(end('2024-06-10T18:59:00Z')).toBeNull(); // 20:59
  });

  test('a window across midnight ends the next morning, or this morning after midnight', () => {
    expect(end('2024-06-10T19:00:00Z')).toBe('2024-06-11T06:00:00.000Z'); // 21:00 sharp
    expect(end('2024-06-10T20:30:00Z')).toBe('2024-06-11T06:00:00.000Z'); // 22:30
    expect(end('2024-06-11T01:00:00Z')).toBe('2024-06-11T06:00:00.000Z'); // 03:00
    expect(end('2024-06-11T05:59:30Z')).toBe('2024-06-11T06:00:00.000Z'); // 07:59:30
  });

  test('a window within one day', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(end('2024-06-10T10:30:00Z', lunch)).toBe('2024-06-10T12:00:00.000Z');
    expect(end('2024-06-10T12:30:00Z', lunch)).toBeNull();
    expect(end('2024-06-10T10:30:00Z', { start: '12:00', end: '12:00' })).toBeNull();
  });

  test('a night that loses an hour ends at 08:00 summer time', () => {
    // 22:00 CET on 30 March 2024; the clocks jump overnight, 08:00 CEST is 06:00 UTC.
    expect(end('2024-03-30T21:00:00Z')).toBe('2024-03-31T06:00:00.000Z');
    // 22:00 CEST on 26 October 2024; 08:00 CET is 07:00 UTC.
    expect(end('2024-10-26T20:00:00Z')).toBe('2024-10-27T07:00:00.000Z');
  });

  test('the window is in the contact time zone', () => {
    // 10:00 UTC is 06:00 in New York: still quiet there, until 08:00 EDT (12:00 UTC).
    expect(end('2024-06-10T10:00:00Z', night, 'America/New_York')).toBe('2024-06-10T12:00:00.000Z');
  });
});
