/** Escapes text for an HTML element or a quoted attribute. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Plain text as simple HTML: blank lines start paragraphs, line breaks stay, http(s) URLs become links.
 * Everything else is escaped, so text from people (names, addresses) cannot add markup.
 */
export function textToHtml(text: string): string {
  const linked = (line: string) =>
    line
      .split(/(https?:\/\/[^\s<>"']+)/)
      .map((part, index) =>
        index % 2 === 1 ? `<a href="${escapeHtml(part)}">${escapeHtml(part)}</a>` : escapeHtml(part),
      )
      .join('');
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').map(linked).join('<br>')}</p>`)
    .join('\n');
}
