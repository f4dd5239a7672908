/** Bounded concurrency for I/O over many files: thousands of reads at once only bloat memory and thrash the disk. */

/** Maps `items` through `task` with at most `limit` tasks running at a time; results keep the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}
