import { escapeHtml } from '../../lib/html.js';

/** Small standalone pages for the unsubscribe link: no scripts, no external resources. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f6f6f4}
main{max-width:480px;margin:10vh auto;padding:32px;background:#fff;border-radius:8px}
h1{font-size:1.4rem;margin:0 0 .5em}button{font:inherit;padding:10px 18px;border:0;border-radius:6px;background:#1F3A5F;color:#fff;cursor:pointer}</style>
</head><body><main>
${body}
</main></body></html>`;
}

const from = (sender: string | null) => (sender ? ` from ${escapeHtml(sender)}` : '');

/**
 * The page a link opens. It changes nothing — mail scanners open links — and asks for the click that
 * does: a form posting `List-Unsubscribe=One-Click`, as a mail client's one-click button would.
 */
export function confirmPage(token: string, view: { sender: string | null; unsubscribed: boolean }): string {
  if (view.unsubscribed) return donePage(view.sender);
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe?</h1>
<p>You will no longer receive follow-up emails${from(view.sender)}.</p>
<form method="post" action="/unsubscribe/${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function donePage(sender: string | null): string {
  return page(
    'You are unsubscribed',
    `<h1>You are unsubscribed</h1>
<p>You will not receive any more follow-up emails${from(sender)}. You can close this page.</p>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Link not found',
    `<h1>This link is not valid</h1>
<p>The unsubscribe link may be incomplete. Please use the link from the email exactly as it is.</p>`,
  );
}
