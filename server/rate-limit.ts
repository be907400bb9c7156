// A fixed-window request limit per caller (API key, event source, or IP for public routes), per API
// process. Behind a load balancer with N processes the effective limit is N times this; that is the
// trade for keeping the hot path free of a shared counter.
import type { Request } from 'express';
import { problems } from './http-problem';

export function createRateLimit(perMinute: number, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return (req: Request) => {
    if (perMinute <= 0) return;
    const key = req.caller ?? `ip:${req.ip}`;
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of distinct IPs
      w = { start: t, count: 0 };
      windows.set(key, w);
    }
    w.count += 1;
    if (w.count > perMinute) throw problems.rateLimited(Math.ceil((w.start + 60_000 - t) / 1000));
  };
}
