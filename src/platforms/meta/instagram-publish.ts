/**
 * Publishing to an Instagram professional account (platform-apis.md §1.4), the same on both hosts:
 * quota check → container(s) → wait until FINISHED → `media_publish` → permalink → first comment.
 *
 * Progress keys, each saved before the next platform call:
 * - `item0…item9`: carousel child containers; `container`: the container that gets published;
 * - `media`: the published media id; `comment`: the first comment's id.
 *
 * `media_publish` has no idempotency key, so it is never repeated blindly: with a saved container we
 * first read its `status_code`, and PUBLISHED means "find the media, do not publish again".
 */
import { z } from 'zod';
import {
  PlatformError,
  type PublishContext,
  type PublishProgress,
  type PublishStatus,
  type Published,
} from '../social-platform.js';
import { createGraphClient, type GraphClient, type GraphConfig } from './graph-client.js';
import { containerErrorMessage } from './graph-errors.js';

export interface InstagramPublishConfig {
  graph: GraphConfig;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

const idAnswer = z.object({ id: z.string() });
const containerAnswer = z.object({ status_code: z.string(), status: z.string().optional() });
const quotaAnswer = z.object({
  data: z.array(
    z.object({
      quota_usage: z.number(),
      config: z.object({ quota_total: z.number(), quota_duration: z.number() }).optional(),
    }),
  ),
});
const mediaList = z.object({
  data: z.array(
    z.object({ id: z.string(), caption: z.string().optional(), permalink: z.string().optional() }),
  ),
});
const permalinkAnswer = z.object({ id: z.string().optional(), permalink: z.string() });

type Container = z.infer<typeof containerAnswer>;

const itemKey = (index: number) => `item${index}`;
const withoutContainers = (progress: PublishProgress): PublishProgress =>
  Object.fromEntries(
    Object.entries(progress).filter(([key]) => key !== 'container' && !/^item\d+$/.test(key)),
  );

function containerFailed(container: Container): PlatformError {
  const known = containerErrorMessage(container.status);
  return new PlatformError(
    'reject',
    known ?? `Instagram could not process the post${container.status ? ` (${container.status})` : ''}.`,
    { code: container.status ?? 'ERROR' },
  );
}

const readContainer = (graph: GraphClient, id: string) =>
  graph.call({ path: `/${id}`, params: { fields: 'status_code,status' } }, containerAnswer);

/**
 * A container that shows PUBLISHED while we never saw the media id (the `media_publish` answer was lost):
 * the container does not name its media, so we look for our caption among the newest media. With an
 * empty caption the newest post is taken, which is right unless someone posted in between.
 */
async function findPublishedMedia(
  graph: GraphClient,
  igId: string,
  caption: string,
): Promise<{ id: string; permalink?: string }> {
  const recent = await graph.call(
    { path: `/${igId}/media`, params: { fields: 'id,caption,permalink,timestamp', limit: 25 } },
    mediaList,
  );
  const mine = recent.data.find((media) => (media.caption ?? '').trim() === caption.trim());
  if (mine) return mine;
  throw new PlatformError(
    'retry_later',
    'Instagram reports the post as published but does not list it yet; Listcast will check again.',
    {
      code: 'published_media_not_found',
    },
  );
}

export async function publishToInstagram(
  config: InstagramPublishConfig,
  context: PublishContext,
): Promise<Published> {
  const graph = createGraphClient(config.graph, context.credentials.accessToken);
  const igId = context.account.externalId;
  const { content } = context;
  let progress: PublishProgress = { ...context.progress };
  const save = async (next: PublishProgress) => {
    progress = next;
    await context.save(progress);
  };

  async function checkQuota() {
    const answer = await graph.call(
      { path: `/${igId}/content_publishing_limit`, params: { fields: 'quota_usage,config' } },
      quotaAnswer,
    );
    const row = answer.data[0];
    if (row?.config && row.quota_usage >= row.config.quota_total) {
      // The window is rolling and we do not know when the oldest post leaves it: a whole window is the safe estimate.
      const retryAt = new Date(config.graph.now().getTime() + row.config.quota_duration * 1000);
      throw new PlatformError(
        'quota_exhausted',
        `Instagram allows ${row.config.quota_total} posts a day and they are used up; the post will go out later.`,
        {
          retryAt,
          code: 'quota_usage',
        },
      );
    }
  }

  async function createContainers(): Promise<string> {
    const [first] = content.media;
    if (first === undefined) throw new PlatformError('reject', 'Instagram posts need at least one image.');
    if (content.media.length === 1) {
      const { id } = await graph.call(
        {
          method: 'POST',
          path: `/${igId}/media`,
          params: { image_url: first.url, caption: content.text, alt_text: first.altText ?? undefined },
        },
        idAnswer,
      );
      await save({ ...progress, container: id });
      return id;
    }
    const children: string[] = [];
    for (const [index, media] of content.media.entries()) {
      let child = progress[itemKey(index)];
      if (child === undefined) {
        ({ id: child } = await graph.call(
          {
            method: 'POST',
            path: `/${igId}/media`,
            params: { image_url: media.url, is_carousel_item: true, alt_text: media.altText ?? undefined },
          },
          idAnswer,
        ));
        await save({ ...progress, [itemKey(index)]: child });
      }
      children.push(child);
    }
    const { id } = await graph.call(
      {
        method: 'POST',
        path: `/${igId}/media`,
        params: { media_type: 'CAROUSEL', children: children.join(','), caption: content.text },
      },
      idAnswer,
    );
    await save({ ...progress, container: id });
    return id;
  }

  /** Polls until FINISHED or PUBLISHED; EXPIRED is returned for the caller to start over. */
  async function settle(id: string): Promise<'FINISHED' | 'PUBLISHED' | 'EXPIRED'> {
    const polls = Math.max(1, Math.ceil(config.pollTimeoutMs / config.pollIntervalMs));
    for (let poll = 0; ; poll += 1) {
      const container = await readContainer(graph, id);
      if (
        container.status_code === 'FINISHED' ||
        container.status_code === 'PUBLISHED' ||
        container.status_code === 'EXPIRED'
      ) {
        return container.status_code;
      }
      if (container.status_code === 'ERROR') throw containerFailed(container);
      if (poll >= polls) {
        throw new PlatformError(
          'retry_later',
          'Instagram is still processing the image; Listcast will check again.',
          {
            code: 'container_in_progress',
          },
        );
      }
      await config.sleep(config.pollIntervalMs);
    }
  }

  async function publishContainer(id: string): Promise<string> {
    try {
      return (
        await graph.call(
          { method: 'POST', path: `/${igId}/media_publish`, params: { creation_id: id } },
          idAnswer,
        )
      ).id;
    } catch (error) {
      // The answer may be lost after Instagram published (timeout, 5xx): ask the container before anyone retries.
      if (!(error instanceof PlatformError) || error.action !== 'retry_later') throw error;
      const container = await readContainer(graph, id).catch(() => null);
      if (container?.status_code !== 'PUBLISHED') throw error;
      return (await findPublishedMedia(graph, igId, content.text)).id;
    }
  }

  let permalink: string | undefined;
  if (progress.media === undefined) {
    let state: 'FINISHED' | 'PUBLISHED' | 'EXPIRED' | 'NEW' = 'NEW';
    if (progress.container !== undefined) {
      const container = await readContainer(graph, progress.container);
      if (container.status_code === 'ERROR') throw containerFailed(container);
      if (container.status_code === 'EXPIRED') await save(withoutContainers(progress));
      else state = container.status_code === 'PUBLISHED' ? 'PUBLISHED' : 'FINISHED';
    }
    if (state === 'PUBLISHED') {
      const found = await findPublishedMedia(graph, igId, content.text);
      permalink = found.permalink;
      await save({ ...progress, media: found.id });
    } else {
      await checkQuota();
      let mediaId: string | undefined;
      for (let attempt = 0; mediaId === undefined; attempt += 1) {
        const id = progress.container ?? (await createContainers());
        const settled = await settle(id);
        if (settled === 'EXPIRED') {
          if (attempt > 0)
            throw new PlatformError(
              'retry_later',
              'Instagram let the prepared post expire; Listcast will try again.',
            );
          await save(withoutContainers(progress)); // containers are invisible until published: recreating is harmless
          continue;
        }
        mediaId =
          settled === 'PUBLISHED'
            ? (await findPublishedMedia(graph, igId, content.text)).id
            : await publishContainer(id);
      }
      await save({ ...progress, media: mediaId });
    }
  }
  const mediaId = progress.media!;
  permalink ??= (await graph.call({ path: `/${mediaId}`, params: { fields: 'permalink' } }, permalinkAnswer))
    .permalink;

  if (content.firstComment && progress.comment === undefined) {
    // A lost answer here can repeat the comment on retry; a duplicate comment is the lesser harm than none.
    const { id } = await graph.call(
      { method: 'POST', path: `/${mediaId}/comments`, params: { message: content.firstComment } },
      idAnswer,
    );
    await save({ ...progress, comment: id });
  }
  return { externalId: mediaId, permalink };
}

export async function instagramStatus(
  config: InstagramPublishConfig,
  context: Omit<PublishContext, 'save'>,
): Promise<PublishStatus> {
  const graph = createGraphClient(config.graph, context.credentials.accessToken);
  const { progress } = context;
  let mediaId = progress.media;
  let permalink: string | undefined;
  if (mediaId === undefined) {
    if (progress.container === undefined) return { state: 'not_published' };
    const container = await readContainer(graph, progress.container);
    if (container.status_code === 'IN_PROGRESS') return { state: 'in_progress' };
    if (container.status_code !== 'PUBLISHED') return { state: 'not_published' };
    try {
      ({ id: mediaId, permalink } = await findPublishedMedia(
        graph,
        context.account.externalId,
        context.content.text,
      ));
    } catch (error) {
      // Published, but not listed yet: "in progress" rather than ever "not published".
      if (error instanceof PlatformError && error.details.code === 'published_media_not_found')
        return { state: 'in_progress' };
      throw error;
    }
  }
  permalink ??= (await graph.call({ path: `/${mediaId}`, params: { fields: 'permalink' } }, permalinkAnswer))
    .permalink;
  return { state: 'published', post: { externalId: mediaId, permalink } };
}
