import { useEffect, useState } from 'react';
import { api, ApiError, must, uploadFile, type Schemas } from '../api/client';
import { Badge } from '../components/badge';
import { Link } from '../lib/router';

type ListingImport = Schemas['ListingImport'];

/** CSV import: small files import at once, larger ones are queued and followed until they finish. */
export default function ListingImportScreen() {
  const [run, setRun] = useState<ListingImport>();
  const [error, setError] = useState<string>();
  const [rowErrors, setRowErrors] = useState<Schemas['ImportRowError'][]>([]);
  const [busy, setBusy] = useState(false);

  // Follow a queued import until it completes or fails.
  useEffect(() => {
    if (!run || run.status === 'completed' || run.status === 'failed') return;
    const timer = setTimeout(() => {
      void api
        .GET('/api/v1/listings/imports/{id}', { params: { path: { id: run.id } } })
        .then((result) => setRun(must(result).import))
        .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }, 1000);
    return () => clearTimeout(timer);
  }, [run]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setRun(undefined);
    setRowErrors([]);
    try {
      setRun((await uploadFile<{ import: ListingImport }>('/api/v1/listings/import', file)).import);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      const details =
        e instanceof ApiError
          ? (e.body as { details?: { errors?: Schemas['ImportRowError'][] } }).details
          : undefined;
      setRowErrors(details?.errors ?? []);
    } finally {
      setBusy(false);
    }
  };

  const progress = run && run.totalRows > 0 ? Math.round((run.processedRows / run.totalRows) * 100) : 0;
  return (
    <div className="stack">
      <h1>Import listings from CSV</h1>
      <p className="muted">
        One listing per row. Required columns: street, city, state, postal_code, price, property_type. A file
        with any invalid row imports nothing; every problem is listed with its line.
      </p>
      <label className="card">
        CSV file
        <input
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => void upload(e.currentTarget.files?.[0])}
        />
      </label>
      {busy && <p role="status">Uploading…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {run && (
        <section className="card stack" aria-label="Import result">
          <p>
            <Badge value={run.status} /> {run.importedRows} of {run.totalRows} rows imported
          </p>
          {(run.status === 'queued' || run.status === 'validating' || run.status === 'importing') && (
            <progress max={100} value={progress} aria-label="Import progress">
              {progress}%
            </progress>
          )}
          {run.errors.length > 0 && <RowErrors errors={run.errors} />}
          {run.status === 'completed' && <Link href="/listings">See the listings</Link>}
        </section>
      )}
      {rowErrors.length > 0 && <RowErrors errors={rowErrors} />}
    </div>
  );
}

function RowErrors({ errors }: { errors: Schemas['ImportRowError'][] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>Rows to fix</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Column</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <td>{e.line}</td>
              <td>{e.column}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
