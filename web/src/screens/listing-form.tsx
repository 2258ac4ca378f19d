import { useState, type FormEvent } from 'react';
import { api, errorMessage, must, uploadMedia, type Schemas } from '../api/client';
import { Load } from '../components/states';
import { Link, navigate } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { field } from '../lib/form';

type Listing = Schemas['Listing'];
const propertyTypes = ['single_family', 'condo', 'townhouse', 'multi_family', 'land', 'other'] as const;
const statuses = [
  'coming_soon',
  'active',
  'open_house',
  'price_reduced',
  'under_contract',
  'sold',
  'withdrawn',
] as const;

/** Create a listing (`/listings/new`) or edit one (`/listings/:id/edit`), photos uploaded on the spot. */
export default function ListingForm({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const existing = useLoad(
    async () => (id ? must(await api.GET('/api/v1/listings/{id}', { params: { path: { id } } })) : null),
    [id],
  );
  return (
    <div className="stack">
      <h1>{id ? 'Edit listing' : 'New listing'}</h1>
      <Load loaded={existing}>{(listing) => <Form listing={listing} />}</Load>
    </div>
  );
}

function Form({ listing }: { listing: Listing | null }) {
  const [photos, setPhotos] = useState<string[]>(listing?.photos ?? []);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const upload = async (files: FileList | null) => {
    if (!files) return;
    setError(undefined);
    for (const file of Array.from(files)) {
      setUploading((n) => n + 1);
      try {
        const media = await uploadMedia(file, listing?.id);
        setPhotos((list) => [...list, media.url]);
      } catch (e) {
        setError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => field(form, name).trim();
    const optionalNumber = (name: string) => (text(name) === '' ? null : Number(text(name)));
    const body = {
      address: {
        street: text('street'),
        unit: text('unit') || null,
        city: text('city'),
        state: text('state'),
        postalCode: text('postalCode'),
      },
      price: Number(text('price')),
      beds: optionalNumber('beds'),
      baths: optionalNumber('baths'),
      interiorSqft: optionalNumber('interiorSqft'),
      propertyType: text('propertyType') as Listing['propertyType'],
      status: text('status') as Listing['status'],
      features: text('features')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
      description: text('description'),
      photos,
      openHouses: listing?.openHouses ?? [],
    };
    setBusy(true);
    setError(undefined);
    const result = listing
      ? await api.PATCH('/api/v1/listings/{id}', { params: { path: { id: listing.id } }, body })
      : await api.POST('/api/v1/listings', { body });
    setBusy(false);
    if (!result.data) return setError(errorMessage(result.error));
    navigate(`/listings/${result.data.id}`);
  };

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-label="Listing">
      <fieldset className="grid2">
        <legend>Address</legend>
        <label>
          Street
          <input name="street" required defaultValue={listing?.address.street} autoComplete="address-line1" />
        </label>
        <label>
          Unit
          <input name="unit" defaultValue={listing?.address.unit ?? ''} />
        </label>
        <label>
          City
          <input name="city" required defaultValue={listing?.address.city} />
        </label>
        <label>
          State
          <input name="state" required defaultValue={listing?.address.state} maxLength={50} />
        </label>
        <label>
          Postal code
          <input name="postalCode" required defaultValue={listing?.address.postalCode} />
        </label>
      </fieldset>
      <fieldset className="grid2">
        <legend>The home</legend>
        <label>
          Price (USD)
          <input name="price" type="number" min={1} step="0.01" required defaultValue={listing?.price} />
        </label>
        <label>
          Property type
          <select name="propertyType" defaultValue={listing?.propertyType ?? 'single_family'}>
            {propertyTypes.map((t) => (
              <option key={t} value={t}>
                {t.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Bedrooms
          <input name="beds" type="number" min={0} max={100} defaultValue={listing?.beds ?? ''} />
        </label>
        <label>
          Bathrooms
          <input
            name="baths"
            type="number"
            min={0}
            max={100}
            step="0.5"
            defaultValue={listing?.baths ?? ''}
          />
        </label>
        <label>
          Interior (sq ft)
          <input name="interiorSqft" type="number" min={1} defaultValue={listing?.interiorSqft ?? ''} />
        </label>
        <label>
          Status
          <select name="status" defaultValue={listing?.status ?? 'active'}>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <label>
        Features (comma separated)
        <input
          name="features"
          defaultValue={listing?.features.join(', ')}
          placeholder="deck, garage, ocean view"
        />
      </label>
      <label>
        Description
        <textarea name="description" rows={4} defaultValue={listing?.description} />
      </label>
      <fieldset className="stack">
        <legend>Photos</legend>
        <ul className="thumbs" aria-label="Photos">
          {photos.map((url, i) => (
            <li key={url}>
              <img src={url} alt={`Photo ${i + 1}`} />
              <button
                type="button"
                className="link"
                onClick={() => setPhotos(photos.filter((p) => p !== url))}
              >
                Remove photo {i + 1}
              </button>
            </li>
          ))}
        </ul>
        <label>
          Add photos
          <input
            type="file"
            name="photo-files"
            accept="image/jpeg,image/png,image/webp"
            multiple
            onChange={(e) => void upload(e.currentTarget.files)}
          />
        </label>
        {uploading > 0 && <p role="status">Uploading {uploading} photo(s)…</p>}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy || uploading > 0}>
          {busy ? 'Saving…' : listing ? 'Save changes' : 'Create listing'}
        </button>
        <Link href={listing ? `/listings/${listing.id}` : '/listings'}>Cancel</Link>
      </div>
    </form>
  );
}
