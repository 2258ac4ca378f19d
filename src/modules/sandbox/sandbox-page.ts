import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { sandboxInteractions, sandboxPosts, socialAccounts } from '../../db/schema.js';
import { type Platform, platformNames } from '../../platforms/social-platform.js';
import { UUID } from '../../lib/ids.js';

// The listing page's escaping: every character that could open markup or leave an attribute.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const paragraph = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
const number = (value: number) => value.toLocaleString('en-US');
const when = (date: Date) =>
  `<time datetime="${date.toISOString()}">${date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;

/** A light touch of the imitated network's look. */
const looks: Record<Platform, { accent: string; likes: (count: string) => string }> = {
  instagram: { accent: '#d62976', likes: (count) => `♥ ${count} likes` },
  facebook: { accent: '#1877f2', likes: (count) => `👍 ${count}` },
  linkedin: { accent: '#0a66c2', likes: (count) => `${count} reactions` },
  x: { accent: '#0f1419', likes: (count) => `${count} likes` },
};

export interface SandboxPage {
  status: 200 | 404 | 410;
  html: string;
}

function document(title: string, accent: string, body: string) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#fafafa;color:#1d1d1f}main{max-width:620px;margin:auto;padding:16px}
.sandbox{background:#fff4ce;border:1px solid #e5c55c;border-radius:8px;padding:8px 12px;font-weight:600}
article{background:#fff;border:1px solid #dbdbdb;border-top:4px solid ${accent};border-radius:8px;margin-top:12px}
header,.text,.stats,.comments{padding:0 14px}header{display:flex;gap:10px;align-items:center;padding-top:12px}
.avatar{width:36px;height:36px;border-radius:50%;background:${accent};color:#fff;display:grid;place-items:center;font-weight:700}
img{display:block;width:100%;margin-top:10px;background:#eee;color:#555;font-size:.9rem}small,time{color:#737373;font-size:.8rem}
.stats{font-weight:600}.comments ul{list-style:none;padding-left:0}.comments li{margin:.6em 0}.replies{margin-left:28px}
.own{color:${accent}}footer{color:#737373;font-size:.8rem;margin-top:12px}</style></head>
<body><main>
${body}
<footer>Listcast's sandbox network: its people, likes, comments and reach are simulated, for trying Listcast without a real account.</footer>
</main></body></html>`;
}

/**
 * The permalink page of a sandbox post, at `/sandbox/{id}`: public like a real network's post, and
 * labelled at the top as a simulation. Shows the post (images by their signed URLs, which may have
 * expired: the alt text then stands in), likes, reach and visible comments with replies threaded.
 */
export async function sandboxPage(options: { db: Db; id: string }): Promise<SandboxPage> {
  const { db, id } = options;
  const [post] = UUID.test(id)
    ? await db
        .select({
          post: sandboxPosts,
          handle: socialAccounts.handle,
          displayName: socialAccounts.displayName,
        })
        .from(sandboxPosts)
        .innerJoin(socialAccounts, eq(socialAccounts.id, sandboxPosts.accountId))
        .where(eq(sandboxPosts.id, id))
    : [];
  if (!post) {
    return {
      status: 404,
      html: document(
        'Not found · Listcast sandbox',
        '#737373',
        '<p class="sandbox">Sandbox — there is no simulated post at this address.</p>',
      ),
    };
  }
  const platform = post.post.platform as Platform;
  const network = platformNames[platform];
  const look = looks[platform];
  const label = `<p class="sandbox" role="note">Sandbox — a simulated ${network} post, not published on the real network</p>`;
  if (post.post.deletedAt) {
    return {
      status: 410,
      html: document(
        `Deleted · Sandbox ${network}`,
        look.accent,
        `${label}\n<p>@${escapeHtml(post.handle)} deleted this post.</p>`,
      ),
    };
  }

  const [comments, [likes]] = await Promise.all([
    db
      .select()
      .from(sandboxInteractions)
      .where(
        and(
          eq(sandboxInteractions.sandboxPostId, id),
          inArray(sandboxInteractions.kind, ['comment', 'reply']), // private replies are private
          eq(sandboxInteractions.hidden, false),
        ),
      )
      .orderBy(asc(sandboxInteractions.createdAt), asc(sandboxInteractions.id)),
    db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(sandboxInteractions)
      .where(and(eq(sandboxInteractions.sandboxPostId, id), eq(sandboxInteractions.kind, 'like'))),
  ]);
  const line = (comment: (typeof comments)[number]) =>
    `<b${comment.kind === 'reply' ? ' class="own"' : ''}>${escapeHtml(comment.authorHandle)}</b> ${paragraph(comment.text ?? '')} ${when(comment.createdAt)}`;
  // Replies under their comment; a reply to a hidden comment is hidden with it.
  let shown = 0;
  const threads = comments
    .filter((comment) => comment.parentId === null)
    .map((comment) => {
      const replies = comments.filter((reply) => reply.parentId === comment.id);
      shown += 1 + replies.length;
      const nested = replies.length
        ? `<ul class="replies">${replies.map((reply) => `<li>${line(reply)}</li>`).join('')}</ul>`
        : '';
      return `<li>${line(comment)}${nested}</li>`;
    });
  const images = post.post.media
    .map(
      (media) =>
        `<img src="${/^https?:\/\//.test(media.url) ? escapeHtml(media.url) : ''}" alt="${escapeHtml(media.altText ?? 'Image')}">`,
    )
    .join('\n');
  const firstComment = post.post.firstComment
    ? `<p class="text"><b class="own">${escapeHtml(post.handle)}</b> ${paragraph(post.post.firstComment)}</p>`
    : '';
  return {
    status: 200,
    html: document(
      `@${post.handle} · Sandbox ${network}`,
      look.accent,
      `${label}
<article>
<header><span class="avatar">${escapeHtml(post.handle.slice(0, 1).toUpperCase())}</span>
<div><b>@${escapeHtml(post.handle)}</b> <small>${escapeHtml(post.displayName)}</small><br>${when(post.post.createdAt)}</div></header>
${images}
<p class="text">${paragraph(post.post.text)}</p>
${firstComment}
<p class="stats">${look.likes(number(likes?.count ?? 0))} · reached ${number(post.post.reach)} people</p>
<section class="comments"><small>${number(shown)} comments</small>
<ul>${threads.join('\n')}</ul></section>
</article>`,
    ),
  };
}
