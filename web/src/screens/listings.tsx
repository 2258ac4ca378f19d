import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { Badge } from '../components/badge';
import { Empty, Load } from '../components/states';
import { formatDate, formatMoney } from '../lib/format';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { field } from '../lib/form';

const statuses = [
  'coming_soon',
  'active',
  'open_house',
  'price_reduced',
  'under_contract',
  'sold',
  'withdrawn',
];
const PAGE = 25;

interface Filters {
  q?: string;
  status?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: '-createdAt' | 'createdAt' | 'price' | '-price' | '-updatedAt';
}

/** Listings, a server-side page at a time (cursor paging): 1,000 listings cost what 25 do. */
export default function Listings() {
  const [filters, setFilters] = useState<Filters>({ sort: '-createdAt' });
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const page = useLoad(
    async () =>
      must(
        await api.GET('/api/v1/listings', {
          params: {
            query: {
              limit: PAGE,
              cursor,
              sort: filters.sort,
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.minPrice ? { minPrice: filters.minPrice } : {}),
              ...(filters.maxPrice ? { maxPrice: filters.maxPrice } : {}),
            },
          },
        }),
      ),
    [filters, cursor],
  );

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const num = (name: string) => Number(form.get(name)) || undefined;
    setFilters({
      q: field(form, 'q').trim() || undefined,
      status: field(form, 'status') || undefined,
      minPrice: num('minPrice'),
      maxPrice: num('maxPrice'),
      sort: field(form, 'sort') as Filters['sort'],
    });
    setCursors([undefined]);
  };

  return (
    <div className="stack">
      <div className="row between">
        <h1>Listings</h1>
        <div className="button-row">
          <Link className="button" href="/listings/import">
            Import CSV
          </Link>
          <Link className="button primary" href="/listings/new">
            New listing
          </Link>
        </div>
      </div>
      <form className="filters" onSubmit={applyFilters} aria-label="Filter listings">
        <label>
          Search
          <input name="q" type="search" placeholder="Street, city, postcode" />
        </label>
        <label>
          Status
          <select name="status" defaultValue="">
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Min price
          <input name="minPrice" type="number" min={0} inputMode="numeric" />
        </label>
        <label>
          Max price
          <input name="maxPrice" type="number" min={0} inputMode="numeric" />
        </label>
        <label>
          Sort
          <select name="sort" defaultValue="-createdAt">
            <option value="-createdAt">Newest</option>
            <option value="createdAt">Oldest</option>
            <option value="-price">Price, high to low</option>
            <option value="price">Price, low to high</option>
            <option value="-updatedAt">Recently changed</option>
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <Load loaded={page} label="Loading listings…">
        {({ items, nextCursor }) =>
          items.length === 0 ? (
            <Empty>
              <p>No listings {filters.q || filters.status ? 'match these filters' : 'yet'}.</p>
              <Link href="/listings/new">Add a listing</Link> or{' '}
              <Link href="/listings/import">import a CSV</Link>.
            </Empty>
          ) : (
            <>
              <ListingTable items={items} />
              <nav className="row pager" aria-label="Pages">
                <button
                  type="button"
                  disabled={cursors.length === 1}
                  onClick={() => setCursors(cursors.slice(0, -1))}
                >
                  Previous
                </button>
                <span>Page {cursors.length}</span>
                <button
                  type="button"
                  disabled={!nextCursor}
                  onClick={() => nextCursor && setCursors([...cursors, nextCursor])}
                >
                  Next
                </button>
              </nav>
            </>
          )
        }
      </Load>
    </div>
  );
}

function ListingTable({ items }: { items: Schemas['Listing'][] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Price</th>
            <th scope="col">Beds / baths</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {items.map((listing) => (
            <tr key={listing.id} onClick={() => navigate(`/listings/${listing.id}`)}>
              <td>
                <Link href={`/listings/${listing.id}`}>{listing.address.street}</Link>
                <div className="muted small">
                  {listing.address.city}, {listing.address.state} {listing.address.postalCode}
                </div>
              </td>
              <td>{formatMoney(listing.price)}</td>
              <td>
                {listing.beds ?? '—'} / {listing.baths ?? '—'}
              </td>
              <td>
                <Badge value={listing.status} />
              </td>
              <td>{formatDate(listing.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
