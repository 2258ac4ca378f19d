/** Shared set-up for the X contract tests: a fake X, a user, tokens and the platform pointed at the fake. */
import type {
  PostContent,
  PostMedia,
  PublishContext,
  PublishProgress,
} from '../../../src/platforms/social-platform.js';
import { createXPlatform, type XPlatformOptions } from '../../../src/platforms/x/index.js';
import { startFakeX, type FakeX, type FakeXOptions } from '../../fakes/x-server.js';

export const USER = { id: '2244994945', username: 'harborhomes', name: 'Harbor Homes' };

export async function setUp(fakeOptions: FakeXOptions = {}, platformOptions: Partial<XPlatformOptions> = {}) {
  const fake = await startFakeX(fakeOptions);
  fake.addUser(USER);
  const sleeps: number[] = [];
  const platform = createXPlatform({
    clientId: fakeOptions.clientId ?? 'fake-client',
    apiUrl: fake.url,
    oauthUrl: 'https://x.com',
    sleep: async (ms) => void sleeps.push(ms),
    ...platformOptions,
  });
  return { fake, platform, sleeps };
}

export function image(bytes: number, altText: string | null = null, contentType = 'image/jpeg'): PostMedia {
  const data = Buffer.alloc(bytes, 7);
  return {
    url: 'https://storage.test/photo.jpg',
    contentType,
    width: 1200,
    height: 800,
    bytes,
    altText,
    read: async () => data,
  };
}

export const content = (text: string, extra: Partial<PostContent> = {}): PostContent => ({
  text,
  media: [],
  firstComment: null,
  ...extra,
});

/** A publish context whose `save` records every saved progress with how many requests the fake had seen. */
export function context(
  fake: FakeX,
  accessToken: string,
  postContent: PostContent,
  progress: PublishProgress = {},
) {
  const saves: { progress: PublishProgress; requestsBefore: number }[] = [];
  const ctx: PublishContext & { saves: typeof saves; latest(): PublishProgress } = {
    account: { externalId: USER.id, meta: { username: USER.username } },
    credentials: { accessToken, refreshToken: null, expiresAt: null, scopes: [] },
    content: postContent,
    progress,
    save: async (next) => {
      saves.push({ progress: next, requestsBefore: fake.requests.length });
    },
    saves,
    latest: () => saves.at(-1)?.progress ?? progress,
  };
  return ctx;
}

export const routes = (fake: FakeX) => fake.requests.map((request) => `${request.method} ${request.path}`);
