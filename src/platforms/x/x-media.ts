/**
 * Image upload for X with the dedicated v2 chunked endpoints (platform-apis.md §5.3, which recommends
 * chunked upload for everything): initialize → append (segments) → finalize → poll STATUS while
 * `processing_info` says so; then alt text through `POST /2/media/metadata`.
 *
 * Progress keys per image `i` (saved before the next call, so a resumed publish reuses them):
 * - `media.i` — the media id, saved right after initialize;
 * - `media.i.expiresAt` — when X forgets it (from `expires_after_secs`); an id is reused only well before;
 * - `media.i.state` — `uploading` (appends not finished: start over), `processing` (finalized, poll),
 *   `uploaded` (usable, alt text pending), `ready`;
 * - `media.i.alt` — `failed: <message>` when X refused the alt text (the post still goes out).
 */
import { PlatformError, type PostMedia, type PublishProgress } from '../social-platform.js';
import { expectData, stringField, xRequest, type XHttpConfig } from './x-http.js';

export interface XMediaDeps {
  http: XHttpConfig;
  accessToken: string;
  sleep: (ms: number) => Promise<void>;
}

/** Saves the given keys on top of the progress so far (and awaits the durable write). */
export type SaveProgress = (patch: PublishProgress) => Promise<void>;

/** Bytes per APPEND segment. */
const SEGMENT_BYTES = 1024 * 1024;
/** Reuse a saved media id only while it has at least this long to live. */
const REUSE_MARGIN_MS = 15 * 60 * 1000;
const MAX_STATUS_POLLS = 30;

export const mediaCategory = (contentType: string) =>
  contentType === 'image/gif' ? 'tweet_gif' : 'tweet_image';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Uploads (or reuses) every image in order and returns the media ids for `POST /2/tweets`. */
export async function uploadAllMedia(
  deps: XMediaDeps,
  media: PostMedia[],
  progress: PublishProgress,
  save: SaveProgress,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, item] of media.entries()) {
    ids.push(await uploadOne(deps, item, `media.${index}`, progress, save));
  }
  return ids;
}

async function uploadOne(
  deps: XMediaDeps,
  item: PostMedia,
  key: string,
  progress: PublishProgress,
  save: SaveProgress,
): Promise<string> {
  const saved = progress[key];
  const expiresAt = Number(progress[`${key}.expiresAt`] ?? 0);
  const state = progress[`${key}.state`];
  const usable = saved !== undefined && expiresAt - deps.http.now().getTime() > REUSE_MARGIN_MS;

  let id: string;
  let reached: string | undefined;
  if (usable && (state === 'processing' || state === 'uploaded' || state === 'ready')) {
    id = saved;
    reached = state;
    if (state === 'processing') await waitUntilProcessed(deps, id, null);
  } else {
    id = await upload(deps, item, key, save);
  }
  if (reached !== 'uploaded' && reached !== 'ready') await save({ [`${key}.state`]: 'uploaded' });
  if (reached !== 'ready') {
    if (item.altText !== null && item.altText.trim() !== '') {
      const refused = await setAltText(deps, id, item.altText.trim());
      if (refused !== null) await save({ [`${key}.alt`]: `failed: ${refused}` });
    }
    await save({ [`${key}.state`]: 'ready' });
  }
  return id;
}

async function upload(deps: XMediaDeps, item: PostMedia, key: string, save: SaveProgress): Promise<string> {
  const bytes = await item.read();
  const init = expectData(
    await xRequest(deps.http, {
      method: 'POST',
      path: '/2/media/upload/initialize',
      bearer: deps.accessToken,
      json: {
        media_type: item.contentType,
        total_bytes: bytes.length,
        media_category: mediaCategory(item.contentType),
      },
    }),
    deps.http.now(),
  );
  const id = stringField(init, 'id');
  if (id === undefined) throw unreadable();
  await save({
    [key]: id,
    [`${key}.expiresAt`]: String(expiry(deps, init)),
    [`${key}.state`]: 'uploading',
  });

  for (let offset = 0, segment = 0; offset < bytes.length; offset += SEGMENT_BYTES, segment += 1) {
    const form = new FormData();
    form.set('segment_index', String(segment));
    form.set('media', new Blob([bytes.subarray(offset, offset + SEGMENT_BYTES)]), 'media');
    expectData(
      await xRequest(deps.http, {
        method: 'POST',
        path: `/2/media/upload/${encodeURIComponent(id)}/append`,
        bearer: deps.accessToken,
        multipart: form,
      }),
      deps.http.now(),
    );
  }

  const finalized = expectData(
    await xRequest(deps.http, {
      method: 'POST',
      path: `/2/media/upload/${encodeURIComponent(id)}/finalize`,
      bearer: deps.accessToken,
    }),
    deps.http.now(),
  );
  const processing = finalized.processing_info;
  if (isRecord(processing) && processing.state !== 'succeeded') {
    await save({ [`${key}.state`]: 'processing', [`${key}.expiresAt`]: String(expiry(deps, finalized)) });
    await waitUntilProcessed(deps, id, processing);
  }
  return id;
}

/** Polls `GET /2/media/upload?command=STATUS` until `succeeded`, waiting `check_after_secs` between polls. */
async function waitUntilProcessed(deps: XMediaDeps, id: string, first: Record<string, unknown> | null) {
  let info = first;
  for (let poll = 0; poll < MAX_STATUS_POLLS; poll += 1) {
    if (info !== null) {
      if (info.state === 'succeeded') return;
      if (info.state === 'failed') {
        const error = isRecord(info.error) ? info.error : {};
        const message =
          typeof error.message === 'string' ? error.message : 'the image could not be processed';
        throw new PlatformError('reject', `X could not process an image: ${message}.`, {
          code: 'media_failed',
        });
      }
      const wait = typeof info.check_after_secs === 'number' ? info.check_after_secs : 1;
      await deps.sleep(wait * 1000);
    }
    const status = expectData(
      await xRequest(deps.http, {
        method: 'GET',
        path: '/2/media/upload',
        query: { media_id: id, command: 'STATUS' },
        bearer: deps.accessToken,
      }),
      deps.http.now(),
    );
    // No processing_info means nothing left to process.
    info = isRecord(status.processing_info) ? status.processing_info : { state: 'succeeded' };
  }
  throw new PlatformError('retry_later', 'X is still processing an image; the post will be retried.', {
    code: 'media_processing',
  });
}

/**
 * Alt text via `POST /2/media/metadata` `{id, metadata: {alt_text: {text}}}`. The endpoint is only
 * priced in platform-apis.md §5.6, its shape comes from third-party v2 clients [3P]; so a refusal
 * (4xx other than auth and rate limits) is recorded and the post goes out without the alt text.
 */
async function setAltText(deps: XMediaDeps, id: string, altText: string): Promise<string | null> {
  try {
    expectData(
      await xRequest(deps.http, {
        method: 'POST',
        path: '/2/media/metadata',
        bearer: deps.accessToken,
        json: { id, metadata: { alt_text: { text: altText.slice(0, 1000) } } },
      }),
      deps.http.now(),
    );
    return null;
  } catch (error) {
    if (error instanceof PlatformError && error.action === 'reject') return error.userMessage;
    throw error;
  }
}

function expiry(deps: XMediaDeps, data: Record<string, unknown>): number {
  const seconds = typeof data.expires_after_secs === 'number' ? data.expires_after_secs : 24 * 60 * 60;
  return deps.http.now().getTime() + seconds * 1000;
}

const unreadable = () =>
  new PlatformError('retry_later', 'X sent a media answer Listcast could not read.', {
    code: 'unexpected_answer',
  });
