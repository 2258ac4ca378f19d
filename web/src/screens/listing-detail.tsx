import { useState } from 'react';
import { api, authFetch, must } from '../api/client';
import { Badge } from '../components/badge';
import { Empty, Load } from '../components/states';
import { formatDate, formatDateTime, formatMoney, humanize } from '../lib/format';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';

/** One listing: its facts and photos, its campaigns, and the way to start marketing it. */
export default function ListingDetail({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const loaded = useLoad(async () => {
    const [listing, campaigns] = await Promise.all([
      api.GET('/api/v1/listings/{id}', { params: { path: { id } } }),
      api.GET('/api/v1/campaigns', { params: { query: { listingId: id, limit: 50 } } }),
    ]);
    return { listing: must(listing), campaigns: must(campaigns).items };
  }, [id]);
  const [reportError, setReportError] = useState<string>();

  const openReport = async () => {
    setReportError(undefined);
    const response = await authFetch(new Request(`/api/v1/listings/${id}/report?format=pdf`));
    if (!response.ok) return setReportError('The seller report could not be made. Try again.');
    const url = URL.createObjectURL(await response.blob());
    window.open(url, '_blank', 'noopener');
  };

  return (
    <Load loaded={loaded} label="Loading the listing…">
      {({ listing, campaigns }) => (
        <div className="stack">
          <div className="row between">
            <div>
              <h1>{listing.address.street}</h1>
              <p className="muted">
                {listing.address.city}, {listing.address.state} {listing.address.postalCode} ·{' '}
                {formatMoney(listing.price)} · <Badge value={listing.status} />
              </p>
            </div>
            <div className="button-row">
              <Link className="button" href={`/listings/${id}/edit`}>
                Edit
              </Link>
              <Link className="button primary" href={`/listings/${id}/marketing`}>
                Start marketing
              </Link>
            </div>
          </div>
          {listing.photos.length > 0 ? (
            <ul className="thumbs" aria-label="Photos">
              {listing.photos.map((url, i) => (
                <li key={url}>
                  <img src={url} alt={`Photo ${i + 1} of ${listing.address.street}`} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No photos yet — add some to get image posts.</p>
          )}
          <section className="card">
            <dl className="facts">
              <dt>Beds</dt>
              <dd>{listing.beds ?? '—'}</dd>
              <dt>Baths</dt>
              <dd>{listing.baths ?? '—'}</dd>
              <dt>Interior</dt>
              <dd>{listing.interiorSqft ? `${listing.interiorSqft} sq ft` : '—'}</dd>
              <dt>Type</dt>
              <dd>{humanize(listing.propertyType)}</dd>
              <dt>Features</dt>
              <dd>{listing.features.join(', ') || '—'}</dd>
            </dl>
            {listing.description && <p>{listing.description}</p>}
          </section>
          <section className="card stack" aria-labelledby="campaigns-title">
            <h2 id="campaigns-title">Campaigns</h2>
            {campaigns.length === 0 ? (
              <Empty>
                <p>Not marketed yet.</p>
                <Link href={`/listings/${id}/marketing`}>Start marketing</Link>
              </Empty>
            ) : (
              <ul className="plain">
                {campaigns.map((c) => (
                  <li key={c.id} className="row">
                    <strong>{c.name}</strong> <Badge value={c.status} /> starts {formatDateTime(c.start)} ·{' '}
                    {c.progress.published} published, {c.progress.scheduled} scheduled
                    {c.status === 'preview' && (
                      <Link href={`/listings/${id}/marketing?campaign=${c.id}`}>Review</Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card stack" aria-labelledby="more-title">
            <h2 id="more-title">Results and sharing</h2>
            <div className="button-row">
              <Link className="button" href={`/analytics?listing=${id}`}>
                Analytics
              </Link>
              <button type="button" onClick={() => void openReport()}>
                Seller report (PDF)
              </button>
              <a className="button" href={`/l/${id}`} target="_blank" rel="noreferrer">
                Public listing page
              </a>
            </div>
            {reportError && (
              <p className="error" role="alert">
                {reportError}
              </p>
            )}
          </section>
          <section className="card">
            <h2>History</h2>
            <ul className="plain small">
              {listing.statusHistory.map((h, i) => (
                <li key={i}>
                  {formatDate(h.changedAt)}: {h.from ? `${humanize(h.from)} → ` : ''}
                  {humanize(h.to)}
                </li>
              ))}
              {listing.priceHistory.map((h, i) => (
                <li key={`p${i}`}>
                  {formatDate(h.changedAt)}: price {h.oldPrice ? `${formatMoney(h.oldPrice)} → ` : ''}
                  {formatMoney(h.newPrice)}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </Load>
  );
}
