/** Runs one function at a time, in arrival order. */
export type Lock = <T>(fn: () => Promise<T>) => Promise<T>;

/** Serializes handlers: one request changes state at a time, like one consistent GitHub. */
export function createLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
