/** Shared setup for the LinkedIn contract tests: the fake, the platform pointed at it, a publish context. */
import { createLinkedInPlatform, ORGANIZATION_SCOPES } from '../../../src/platforms/linkedin/index.js';
import type {
  Credentials,
  PostContent,
  PostMedia,
  PublishContext,
  PublishProgress,
} from '../../../src/platforms/social-platform.js';
import {
  startFakeLinkedIn,
  type FakeLinkedIn,
  type FakeLinkedInOptions,
} from '../../fakes/linkedin-server.js';

export const MEMBER_URN = 'urn:li:person:abc123';
export const VERSION = '202601';

export async function setup(options: FakeLinkedInOptions & { timeoutMs?: number; now?: () => Date } = {}) {
  const fake = await startFakeLinkedIn(options);
  const platform = createLinkedInPlatform({
    clientId: 'client-id',
    clientSecret: 'client-secret',
    apiUrl: fake.url,
    oauthUrl: fake.oauthUrl,
    version: VERSION,
    scopes: ['openid', 'profile', 'w_member_social', ...ORGANIZATION_SCOPES],
    timeoutMs: options.timeoutMs ?? 2_000,
    now: options.now,
  });
  return { fake, platform };
}

export const credentials = (
  accessToken = 'test-token',
  refreshToken: string | null = 'test-refresh',
): Credentials => ({
  accessToken,
  refreshToken,
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  scopes: ['openid', 'profile', 'w_member_social'],
});

export function image(
  bytes: number,
  altText: string | null = 'Sunny living room',
  contentType = 'image/jpeg',
) {
  const media: PostMedia = {
    url: 'https://storage.test/photo.jpg',
    contentType,
    width: 1200,
    height: 800,
    bytes,
    altText,
    read: async () => Buffer.alloc(bytes, 7),
  };
  return media;
}

export interface Recorded {
  context: PublishContext;
  /** Every saved progress, with how many requests the fake had seen when it was saved. */
  saves: { progress: PublishProgress; requestsSoFar: number }[];
  /** The progress as last saved (what a resumed attempt starts from). */
  latest(): PublishProgress;
}

export function publishContext(
  fake: FakeLinkedIn,
  content: Partial<PostContent>,
  options: { progress?: PublishProgress; author?: string; credentials?: Credentials } = {},
): Recorded {
  const saves: Recorded['saves'] = [];
  const context: PublishContext = {
    account: { externalId: options.author ?? MEMBER_URN, meta: {} },
    credentials: options.credentials ?? credentials(),
    content: { text: 'Open house Sunday', media: [], firstComment: null, ...content },
    progress: options.progress ?? {},
    save: async (progress) => {
      saves.push({ progress: { ...progress }, requestsSoFar: fake.requests.length });
    },
  };
  return {
    context,
    saves,
    latest: () => saves.at(-1)?.progress ?? context.progress,
  };
}
