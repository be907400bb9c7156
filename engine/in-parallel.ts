// Runs work over items with at most `limit` in flight: enough parallelism to hide round trips to
// Temporal and MongoDB, bounded so a batch of thousands does not open thousands of requests at once.
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  const lane = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, lane));
}
