import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'done'; data: T };

/** Runs a request when its key changes; the answer of a request overtaken by a newer one is dropped. */
export function useApi<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key says when to load again
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setResult({ state: 'loading' });
    load().then(
      (data) => current && setResult({ state: 'done', data }),
      (error: Error) => current && setResult({ state: 'error', message: error.message }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return result;
}
