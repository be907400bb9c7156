// Live numbers: re-fetch every few seconds while the screen is shown and the browser tab is visible.

/**
 * Runs `run` every `everyMs` after the previous run finished (first run now, or after one interval
 * when the caller already loaded once); returns the function that stops it.
 */
export function poll(run: () => Promise<void>, everyMs: number, { loaded = false } = {}): () => void {
  let stopped = false;
  let timer: number | undefined;
  const tick = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') await run().catch(() => undefined);
    if (!stopped) timer = window.setTimeout(tick, everyMs);
  };
  if (loaded) timer = window.setTimeout(tick, everyMs);
  else void tick();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
