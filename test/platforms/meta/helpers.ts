/** Shared pieces of the Meta platform tests: sample media, a publish context that records its saves. */
import type {
  Credentials,
  PostContent,
  PostMedia,
  PublishContext,
  PublishProgress,
} from '../../../src/platforms/social-platform.js';
import type { FakeGraph } from '../../fakes/graph-server.js';

export const graphVersion = 'v23.0';

export const photo = (n: number, over: Partial<PostMedia> = {}): PostMedia => ({
  url: `https://media.listcast.test/p${n}.jpg?sig=s${n}`,
  contentType: 'image/jpeg',
  width: 1080,
  height: 1080,
  bytes: 500_000,
  altText: `Photo ${n} of 12 Harbor Lane`,
  read: async () => Buffer.alloc(0),
  ...over,
});

export const content = (over: Partial<PostContent> = {}): PostContent => ({
  text: 'Just listed: 12 Harbor Lane, 3 bd / 2 ba. #justlisted',
  media: [photo(1)],
  firstComment: null,
  ...over,
});

export const credentials = (accessToken: string): Credentials => ({
  accessToken,
  refreshToken: null,
  expiresAt: null,
  scopes: [],
});

export interface Saved {
  progress: PublishProgress;
  /** How many requests the fake had seen when this was saved. */
  afterRequests: number;
}

/** A publish context whose `save` records each progress with the number of requests made before it. */
export function attempt(
  fake: FakeGraph,
  input: {
    accountId: string;
    token: string;
    content: PostContent;
    progress?: PublishProgress;
    meta?: Record<string, string>;
  },
): { context: PublishContext; saves: Saved[] } {
  const saves: Saved[] = [];
  return {
    saves,
    context: {
      account: { externalId: input.accountId, meta: input.meta ?? {} },
      credentials: credentials(input.token),
      content: input.content,
      progress: { ...(input.progress ?? {}) },
      save: async (progress) =>
        void saves.push({ progress: { ...progress }, afterRequests: fake.requests.length }),
    },
  };
}

/** `METHOD /path` of every request the fake received, from `from` on. */
export const calls = (fake: FakeGraph, from = 0) =>
  fake.requests.slice(from).map((r) => `${r.method} ${r.path}`);

export const noSleep = async () => {};
