// Mailpit's HTTP API (scripts/infra: 127.0.0.1:8025), the SMTP sink of the local
// system. Tests share one Mailpit with everyone else, so they never delete
// messages: each sends to unique addresses (`uniqueAddress`) and searches for them.
export const MAILPIT_URL = process.env['MAILPIT_URL'] ?? 'http://127.0.0.1:8025';

export interface MailpitSummary {
  readonly ID: string;
  /** Without angle brackets: `<notification-id>@shop.local`. */
  readonly MessageID: string;
  readonly Subject: string;
  readonly To: ReadonlyArray<{ Address: string }>;
}

export interface MailpitMessage extends MailpitSummary {
  readonly Text: string;
  readonly HTML: string;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${MAILPIT_URL}${path}`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`mailpit ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Every message addressed to `address` (exact recipient match). */
export async function mailsTo(address: string): Promise<MailpitSummary[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const result = await getJson<{ messages: MailpitSummary[] }>(`/api/v1/search?query=${query}&limit=50`);
  return result.messages.filter((m) => m.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

/** One message with its text and HTML bodies. */
export const readMail = (id: string): Promise<MailpitMessage> => getJson(`/api/v1/message/${id}`);

/** A fresh address per test: nothing else in the shared Mailpit is ever sent to it. */
export const uniqueAddress = (label: string): string =>
  `it-${label}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}@example.com`;
