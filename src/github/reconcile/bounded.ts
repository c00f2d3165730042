/**
 * Remembers `key` in a map that keeps at most `max` entries, forgetting the oldest first. The app's
 * in-process caches only save requests; losing an entry costs one read, never correctness.
 */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}
