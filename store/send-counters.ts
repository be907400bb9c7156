// How many marketing messages a contact got on a channel, in hourly buckets: the frequency cap reads one
// document by _id instead of counting the timeline (which grows without bound).
import { type InferSchemaType, Schema } from 'mongoose';

export const sendCounterSchema = new Schema(
  {
    _id: { type: String, required: true }, // `${contactId}:${channel}`
    // "YYYYMMDDHH" (UTC) -> messages accepted in that hour.
    hours: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);

export type SendCounter = InferSchemaType<typeof sendCounterSchema>;

const HOUR_MS = 3_600_000;

export function hourKey(at: Date): string {
  return at.toISOString().slice(0, 13).replace(/[-T]/g, '');
}

function hourStart(key: string): number {
  return Date.UTC(
    Number(key.slice(0, 4)),
    Number(key.slice(4, 6)) - 1,
    Number(key.slice(6, 8)),
    Number(key.slice(8, 10)),
  );
}

/** Messages in the 24 hours up to `clock` (hour granularity: the hour `clock` falls in counts whole). */
export function countInLastDay(hours: Record<string, number>, clock: Date): number {
  const since = clock.getTime() - 24 * HOUR_MS;
  let sum = 0;
  for (const [key, n] of Object.entries(hours)) {
    const start = hourStart(key);
    if (start + HOUR_MS > since && start <= clock.getTime()) sum += n;
  }
  return sum;
}

/** Buckets too old to matter, for pruning. */
export function staleHours(hours: Record<string, number>, clock: Date): string[] {
  return Object.keys(hours).filter((key) => hourStart(key) < clock.getTime() - 48 * HOUR_MS);
}
