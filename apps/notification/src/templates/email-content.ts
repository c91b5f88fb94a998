/** A rendered email: what the sender delivers and what the listing shows (subject). */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Who the email greets. */
export interface Addressee {
  readonly name: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every interpolated value goes through this: names and reasons come from other services and users. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/**
 * Plain text and a minimal HTML version of the same paragraphs. Paragraphs are
 * plain text; the HTML is escaped here, so a template cannot forget to.
 */
export function compose(subject: string, paragraphs: readonly string[]): EmailContent {
  const signature = 'The Shop team';
  const text = [...paragraphs, signature].join('\n\n') + '\n';
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    body,
    `<p>${escapeHtml(signature)}</p>`,
    '</body>',
    '</html>',
  ].join('\n');
  return { subject, text, html };
}
