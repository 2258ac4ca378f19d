import { useState, type FormEvent } from 'react';
import { api, errorMessage, must, uploadMedia, type Schemas } from '../api/client';
import { Badge } from '../components/badge';
import { Load } from '../components/states';
import { Link } from '../lib/router';
import { useLoad } from '../lib/use-load';
import { field } from '../lib/form';

const platforms = ['instagram', 'facebook', 'linkedin', 'x'] as const;
const platformNames = { instagram: 'Instagram', facebook: 'Facebook', linkedin: 'LinkedIn', x: 'X' };

/** First steps: the brand kit (with the logo) and the accounts posts go to, the sandbox one click away. */
export default function Onboarding() {
  return (
    <div className="stack">
      <h1>Get started</h1>
      <p className="muted">
        Two steps: tell Listcast how your brand looks, and connect where to post. No real account? Use the
        sandbox network — it publishes and answers like the real ones.
      </p>
      <Accounts />
      <BrandKit />
      <p>
        Then <Link href="/listings/new">add your first listing</Link>.
      </p>
    </div>
  );
}

function Accounts() {
  const accounts = useLoad(async () => must(await api.GET('/api/v1/accounts')).items, []);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();

  const connectSandbox = async (platform: (typeof platforms)[number]) => {
    setBusy(platform);
    setError(undefined);
    const taken = new Set(accounts.data?.map((a) => a.handle));
    let handle = 'my_listings';
    for (let n = 2; taken.has(handle); n++) handle = `my_listings_${n}`;
    const result = await api.POST('/api/v1/accounts/sandbox', { body: { platform, handle } });
    setBusy(undefined);
    if (result.error) setError(errorMessage(result.error));
    accounts.reload();
  };
  const connectLive = async (platform: (typeof platforms)[number]) => {
    setError(undefined);
    const result = await api.GET('/api/v1/accounts/connect/{platform}', { params: { path: { platform } } });
    if (result.data) location.assign(result.data.authorizeUrl);
    else setError(errorMessage(result.error));
  };

  return (
    <section className="card stack" aria-labelledby="accounts-title">
      <h2 id="accounts-title">1. Connect accounts</h2>
      <div className="button-row">
        {platforms.map((platform) => (
          <button
            key={platform}
            type="button"
            className={platform === 'instagram' ? 'primary' : ''}
            disabled={busy !== undefined}
            onClick={() => void connectSandbox(platform)}
          >
            {busy === platform ? 'Connecting…' : `Connect sandbox ${platformNames[platform]}`}
          </button>
        ))}
      </div>
      <details>
        <summary>Connect a real account</summary>
        <div className="button-row">
          {platforms.map((platform) => (
            <button key={platform} type="button" onClick={() => void connectLive(platform)}>
              {platformNames[platform]}
            </button>
          ))}
        </div>
      </details>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <Load loaded={accounts}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No account connected yet.</p>
          ) : (
            <ul className="plain" aria-label="Connected accounts">
              {items.map((account) => (
                <AccountRow key={account.id} account={account} onRemoved={accounts.reload} />
              ))}
            </ul>
          )
        }
      </Load>
    </section>
  );
}

function AccountRow({ account, onRemoved }: { account: Schemas['Account']; onRemoved: () => void }) {
  const remove = async () => {
    if (!confirm(`Disconnect @${account.handle}?`)) return;
    await api.DELETE('/api/v1/accounts/{id}', { params: { path: { id: account.id } } });
    onRemoved();
  };
  return (
    <li className="row">
      <Badge kind="platform" value={account.platform} label={platformNames[account.platform]} />
      <span>@{account.handle}</span>
      <Badge value={account.network} />
      {account.status === 'needs_reconnect' && <Badge value="needs_reconnect" />}
      <button type="button" className="link" onClick={() => void remove()}>
        Disconnect
      </button>
    </li>
  );
}

function BrandKit() {
  const kit = useLoad(async () => must(await api.GET('/api/v1/brand-kit')), []);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<string>();
  const [uploading, setUploading] = useState(false);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => {
      const value = field(form, name).trim();
      return value === '' ? null : value;
    };
    setSaved(undefined);
    setError(undefined);
    const result = await api.PATCH('/api/v1/brand-kit', {
      body: {
        agentName: text('agentName'),
        brokerage: text('brokerage'),
        licenseNumber: text('licenseNumber'),
        disclosure: text('disclosure'),
        email: text('email'),
        phone: text('phone'),
        website: text('website'),
        primaryColor: field(form, 'primaryColor'),
        accentColor: field(form, 'accentColor'),
        tone: field(form, 'tone') as Schemas['BrandKit']['tone'],
        defaultHashtags: field(form, 'defaultHashtags')
          .split(/[\s,]+/)
          .filter(Boolean),
      },
    });
    if (result.error) setError(errorMessage(result.error));
    else setSaved('Brand kit saved.');
  };
  const uploadLogo = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    setError(undefined);
    try {
      const media = await uploadMedia(file);
      must(await api.PATCH('/api/v1/brand-kit', { body: { logoMediaId: media.id } }));
      kit.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="brand-title">
      <h2 id="brand-title">2. Your brand kit</h2>
      <Load loaded={kit}>
        {(brand) => (
          <form className="stack" onSubmit={(e) => void save(e)}>
            <div className="row">
              {brand.logoUrl ? (
                <img className="logo" src={brand.logoUrl} alt="Your logo" />
              ) : (
                <span className="muted">No logo yet</span>
              )}
              <label>
                Logo (JPEG, PNG or WebP)
                <input
                  type="file"
                  accept="image/jpeg,image/png,image/webp"
                  onChange={(e) => void uploadLogo(e.currentTarget.files?.[0])}
                />
              </label>
              {uploading && <span role="status">Uploading…</span>}
            </div>
            <div className="grid2">
              <label>
                Agent name
                <input name="agentName" defaultValue={brand.agentName ?? ''} />
              </label>
              <label>
                Brokerage
                <input name="brokerage" defaultValue={brand.brokerage ?? ''} />
              </label>
              <label>
                Licence number
                <input name="licenseNumber" defaultValue={brand.licenseNumber ?? ''} />
              </label>
              <label>
                Email
                <input name="email" type="email" defaultValue={brand.email ?? ''} />
              </label>
              <label>
                Phone
                <input name="phone" defaultValue={brand.phone ?? ''} />
              </label>
              <label>
                Website
                <input name="website" type="url" defaultValue={brand.website ?? ''} />
              </label>
              <label>
                Primary colour
                <input name="primaryColor" type="color" defaultValue={brand.primaryColor} />
              </label>
              <label>
                Accent colour
                <input name="accentColor" type="color" defaultValue={brand.accentColor} />
              </label>
              <label>
                Tone of voice
                <select name="tone" defaultValue={brand.tone}>
                  <option value="professional">Professional</option>
                  <option value="warm">Warm</option>
                  <option value="luxury">Luxury</option>
                  <option value="playful">Playful</option>
                </select>
              </label>
              <label>
                Default hashtags
                <input name="defaultHashtags" defaultValue={brand.defaultHashtags.join(' ')} />
              </label>
            </div>
            <label>
              Required disclosure
              <textarea name="disclosure" rows={2} defaultValue={brand.disclosure ?? ''} />
            </label>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {saved && <p role="status">{saved}</p>}
            <button type="submit" className="primary">
              Save brand kit
            </button>
          </form>
        )}
      </Load>
    </section>
  );
}
