import { describe, expect, it } from 'vitest';
import { parseMetaWebhook } from '../../src/platforms/meta/webhook-events.js';
import { metaJson, signMetaWebhook } from '../fakes/meta-webhook.js';

const IG = '17841400000000002';
const PAGE = '100000000000001';
const TIME = 1_795_000_000; // seconds, as entry.time is
const at = new Date(TIME * 1000);

const instagram = (...entries: unknown[]) => ({ object: 'instagram', entry: entries });
const page = (...entries: unknown[]) => ({ object: 'page', entry: entries });
const igEntry = (changes: unknown[], id = IG) => ({ id, time: TIME, changes });
const comment = (value: Record<string, unknown>, field = 'comments') => ({
  field,
  value: {
    id: '17900000000000001',
    text: 'Is it still available?',
    from: { id: '5500000000000001', username: 'sofia_buys', self_ig_scoped_id: '5500000000000001' },
    media: { id: '18000000000000001', media_product_type: 'FEED' },
    ...value,
  },
});
const feed = (value: Record<string, unknown>) => ({
  field: 'feed',
  value: {
    item: 'comment',
    verb: 'add',
    post_id: `${PAGE}_900001`,
    comment_id: '900001_700001',
    parent_id: `${PAGE}_900001`,
    from: { id: '1000000000000009', name: 'Dana Buyer' },
    message: 'What are the taxes?',
    created_time: TIME + 5,
    ...value,
  },
});

describe('parseMetaWebhook: Instagram changes', () => {
  it('when a comment and a reply arrive, then each is a comment on its media, the reply with its parent', () => {
    const { events, ignored } = parseMetaWebhook(
      instagram(
        igEntry([
          comment({}),
          comment({ id: '17900000000000002', text: 'Me too!', parent_id: '17900000000000001' }),
        ]),
      ),
    );
    expect(ignored).toBe(0);
    expect(events).toEqual([
      {
        platform: 'instagram',
        accountExternalId: IG,
        kind: 'comment',
        externalId: '17900000000000001',
        parentExternalId: null,
        postExternalId: '18000000000000001',
        author: { id: '5500000000000001', handle: 'sofia_buys', name: 'sofia_buys' },
        text: 'Is it still available?',
        at,
        fromAccount: false,
      },
      expect.objectContaining({ externalId: '17900000000000002', parentExternalId: '17900000000000001' }),
    ]);
  });

  it('when the account itself commented, or a live comment arrives, then both are understood, the first as the account’s own', () => {
    const { events } = parseMetaWebhook(
      instagram(
        igEntry([
          comment({ id: '1', from: { id: IG, username: 'harborhomes_realty' }, text: 'Thanks!' }),
          comment({ id: '2', text: 'Which floor?' }, 'live_comments'),
        ]),
      ),
    );
    expect(events.map((e) => [e.externalId, e.kind, e.fromAccount])).toEqual([
      ['1', 'comment', true],
      ['2', 'comment', false],
    ]);
  });

  it('when mentioned in a comment or a caption, then a mention without text on the media, named by comment or media id', () => {
    const { events } = parseMetaWebhook(
      instagram(
        igEntry([
          { field: 'mentions', value: { media_id: '18000000000000077', comment_id: '17900000000000077' } },
          { field: 'mentions', value: { media_id: '18000000000000078' } },
        ]),
      ),
    );
    expect(events).toEqual([
      {
        platform: 'instagram',
        accountExternalId: IG,
        kind: 'mention',
        externalId: '17900000000000077',
        parentExternalId: null,
        postExternalId: '18000000000000077',
        author: { id: '', handle: '', name: '' },
        text: '',
        at,
        fromAccount: false,
      },
      expect.objectContaining({
        kind: 'mention',
        externalId: '18000000000000078',
        postExternalId: '18000000000000078',
      }),
    ]);
  });
});

describe('parseMetaWebhook: messages', () => {
  const message = (event: Record<string, unknown>, message: Record<string, unknown>) => ({
    sender: { id: '5500000000000001' },
    recipient: { id: IG },
    timestamp: TIME * 1000 + 250,
    ...event,
    message: { mid: 'aWdfZAG1faWQ6MTAx', ...message },
  });

  it('when a direct message arrives, then it is a message with its mid, the sender as author and a millisecond time', () => {
    const { events } = parseMetaWebhook(
      instagram({ id: IG, time: TIME, messaging: [message({}, { text: 'Hello, is the condo available?' })] }),
    );
    expect(events).toEqual([
      {
        platform: 'instagram',
        accountExternalId: IG,
        kind: 'message',
        externalId: 'aWdfZAG1faWQ6MTAx',
        parentExternalId: null,
        postExternalId: null,
        author: { id: '5500000000000001', handle: '', name: '' },
        text: 'Hello, is the condo available?',
        at: new Date(TIME * 1000 + 250),
        fromAccount: false,
      },
    ]);
  });

  it('when a message has only attachments, or text and a shared post, then the text notes them', () => {
    const { events } = parseMetaWebhook(
      instagram({
        id: IG,
        time: TIME,
        messaging: [
          message(
            {},
            { mid: 'm1', attachments: [{ type: 'image', payload: { url: 'https://cdn.test/a.jpg' } }] },
          ),
          message({}, { mid: 'm2', text: 'This one?', attachments: [{ type: 'ig_post', payload: {} }] }),
        ],
      }),
    );
    expect(events.map((e) => e.text)).toEqual(['[image]', 'This one? [shared post]']);
  });

  it('when our own reply echoes back, then it is the account’s (fromAccount), still for our account', () => {
    const { events } = parseMetaWebhook(
      instagram({
        id: IG,
        time: TIME,
        messaging: [
          message(
            { sender: { id: IG }, recipient: { id: '5500000000000001' } },
            { mid: 'echo-1', text: 'Yes! Tours Saturday.', is_echo: true },
          ),
        ],
      }),
    );
    expect(events).toEqual([
      expect.objectContaining({
        accountExternalId: IG,
        externalId: 'echo-1',
        fromAccount: true,
        author: expect.objectContaining({ id: IG }),
      }),
    ]);
  });

  it('when the entry has no id, then the recipient names the account', () => {
    const { events } = parseMetaWebhook(instagram({ time: TIME, messaging: [message({}, { text: 'Hi' })] }));
    expect(events[0]?.accountExternalId).toBe(IG);
  });

  it('when a Page receives a Messenger message, then it is a Facebook message', () => {
    const { events } = parseMetaWebhook(
      page({
        id: PAGE,
        time: TIME,
        messaging: [message({ recipient: { id: PAGE } }, { mid: 'fb-1', text: 'Hi' })],
      }),
    );
    expect(events).toEqual([
      expect.objectContaining({ platform: 'facebook', kind: 'message', accountExternalId: PAGE }),
    ]);
  });
});

describe('parseMetaWebhook: Facebook Page feed', () => {
  it('when a comment is added to a post, then its parent is null (the parent is the post) and the post is named', () => {
    const { events, ignored } = parseMetaWebhook(page({ id: PAGE, time: TIME, changes: [feed({})] }));
    expect(ignored).toBe(0);
    expect(events).toEqual([
      {
        platform: 'facebook',
        accountExternalId: PAGE,
        kind: 'comment',
        externalId: '900001_700001',
        parentExternalId: null,
        postExternalId: `${PAGE}_900001`,
        author: { id: '1000000000000009', handle: 'Dana Buyer', name: 'Dana Buyer' },
        text: 'What are the taxes?',
        at: new Date((TIME + 5) * 1000),
        fromAccount: false,
      },
    ]);
  });

  it('when a reply is added, or the Page itself answers, then the parent comment is kept and the Page’s own is marked', () => {
    const { events } = parseMetaWebhook(
      page({
        id: PAGE,
        time: TIME,
        changes: [
          feed({ comment_id: '900001_700002', parent_id: '900001_700001', message: 'Same question' }),
          feed({
            comment_id: '900001_700003',
            parent_id: '900001_700001',
            from: { id: PAGE, name: 'Harbor Homes Realty' },
          }),
        ],
      }),
    );
    expect(events.map((e) => [e.externalId, e.parentExternalId, e.fromAccount])).toEqual([
      ['900001_700002', '900001_700001', false],
      ['900001_700003', '900001_700001', true],
    ]);
  });

  it('when reactions, edits, removals, hides or new posts arrive, then they are ignored and counted', () => {
    const { events, ignored } = parseMetaWebhook(
      page({
        id: PAGE,
        time: TIME,
        changes: [
          feed({ item: 'reaction', reaction_type: 'like' }),
          feed({ verb: 'edited' }),
          feed({ verb: 'remove' }),
          feed({ verb: 'hide' }),
          feed({ item: 'status', comment_id: undefined }),
          { field: 'mention', value: { post_id: '1_2' } },
        ],
      }),
    );
    expect(events).toEqual([]);
    expect(ignored).toBe(6);
  });
});

describe('parseMetaWebhook: batches and junk', () => {
  it('when a delivery batches several entries and repeats one event, then each event comes once and the repeat is counted', () => {
    const body = instagram(
      igEntry([comment({ id: 'a' }), comment({ id: 'b' })]),
      igEntry([comment({ id: 'c' })], '17841400000000009'),
      igEntry([comment({ id: 'a' })]),
      {
        id: IG,
        time: TIME,
        messaging: [
          {
            sender: { id: '1' },
            recipient: { id: IG },
            timestamp: TIME * 1000,
            message: { mid: 'm', text: 'x' },
          },
        ],
      },
    );
    const { events, ignored } = parseMetaWebhook(body);
    expect(events.map((e) => [e.accountExternalId, e.externalId])).toEqual([
      [IG, 'a'],
      [IG, 'b'],
      ['17841400000000009', 'c'],
      [IG, 'm'],
    ]);
    expect(ignored).toBe(1);
  });

  it('when the body is not a Meta envelope at all, then nothing comes out and nothing throws', () => {
    for (const junk of [
      null,
      undefined,
      'text',
      42,
      [],
      {},
      { object: 'user', entry: [] },
      { object: 'instagram' },
      { object: 'page', entry: 'x' },
    ]) {
      expect(parseMetaWebhook(junk)).toEqual({ events: [], ignored: 1 });
    }
  });

  it('when entries or events are malformed, then each bad one is counted and the good ones still come out', () => {
    const { events, ignored } = parseMetaWebhook(
      instagram(
        null,
        'entry',
        { id: IG, time: TIME },
        { id: IG, changes: [comment({})] }, // no time
        igEntry([
          null,
          { field: 'comments' },
          comment({ id: undefined }),
          comment({ from: null }),
          { field: 'mentions', value: {} },
          { field: 'story_insights', value: { media_id: '1', reach: 3 } },
          comment({ id: 'good' }),
        ]),
        {
          id: IG,
          time: TIME,
          messaging: [
            { sender: { id: '1' }, recipient: { id: IG }, timestamp: TIME * 1000, read: { mid: 'x' } },
            {
              sender: { id: '1' },
              recipient: { id: IG },
              timestamp: TIME * 1000,
              reaction: { mid: 'x', reaction: 'love' },
            },
            { sender: { id: '1' }, recipient: { id: IG }, message: { mid: 'deleted', is_deleted: true } },
            { recipient: { id: IG }, timestamp: TIME * 1000, message: { mid: 'nosender', text: 'x' } },
          ],
        },
      ),
    );
    expect(events.map((e) => e.externalId)).toEqual(['good']);
    expect(ignored).toBe(3 + 1 + 6 + 4);
  });
});

describe('the Meta webhook test sender', () => {
  it('when serializing like Meta, then non-ASCII is escaped as lowercase \\uXXXX, slashes as \\/, and the text parses back the same', () => {
    const text = '¿Disponible? Café near the 🏡 https://x.test/a';
    const body = metaJson(instagram(igEntry([comment({ text })])));
    expect(body).toContain('\\u00bfDisponible? Caf\\u00e9 near the \\ud83c\\udfe1 https:\\/\\/x.test\\/a');
    expect([...body].every((char) => char.charCodeAt(0) < 0x80)).toBe(true);
    expect(parseMetaWebhook(JSON.parse(body)).events[0]?.text).toBe(text);
  });

  it('when signing, then it is sha256= and the lowercase HMAC hex of exactly those bytes', () => {
    const body = metaJson({ object: 'page', entry: [] });
    expect(signMetaWebhook(body, 'secret')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signMetaWebhook(body, 'secret')).not.toBe(
      signMetaWebhook(JSON.stringify(JSON.parse(body)) + ' ', 'secret'),
    );
    expect(signMetaWebhook(body, 'secret')).not.toBe(signMetaWebhook(body, 'other'));
  });
});
