import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads something on mount and whenever `deps` change; the latest answer wins. */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const run = ++latest.current;
    setLoading(true);
    load()
      .then((value) => {
        if (run === latest.current) {
          setData(value);
          setError(undefined);
        }
      })
      .catch((e: Error) => {
        if (run === latest.current) setError(e);
      })
      .finally(() => {
        if (run === latest.current) setLoading(false);
      });
    // `load` is a new closure every render; `deps` say when it means something new.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
