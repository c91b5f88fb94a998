// Mailpit's HTTP API (the running system's SMTP sink). Shared by every test run:
// tests never delete messages, they send to unique addresses and search for them.
export const mailpitUrl = process.env['MAILPIT_URL'] ?? 'http://127.0.0.1:8025';

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
  const response = await fetch(`${mailpitUrl}${path}`, { signal: AbortSignal.timeout(3_000) });
  if (!response.ok) throw new Error(`mailpit ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Every message addressed to `address` (exact recipient match). */
export async function mailsTo(address: string): Promise<MailpitSummary[]> {
  const query = encodeURIComponent(`to:"${address}"`);
  const result = await getJson<{ messages: MailpitSummary[] }>(`/api/v1/search?query=${query}&limit=50`);
  return result.messages.filter((m) => m.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
}

export const readMail = (id: string): Promise<MailpitMessage> => getJson(`/api/v1/message/${id}`);
