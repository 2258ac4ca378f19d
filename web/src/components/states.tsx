import type { ReactNode } from 'react';
import type { Loaded } from '../lib/use-load';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorState({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** Renders a load's loading or error state, or `children(data)` once ready (kept while reloading). */
export function Load<T>({
  loaded,
  children,
  label,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
  label?: string;
}) {
  if (loaded.data !== undefined) {
    return (
      <>
        {loaded.state === 'error' && <ErrorState message={loaded.error} retry={loaded.reload} />}
        {children(loaded.data)}
      </>
    );
  }
  if (loaded.state === 'error') return <ErrorState message={loaded.error} retry={loaded.reload} />;
  return <Loading label={label} />;
}
