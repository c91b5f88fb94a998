/** One email as the sender hands it to the transport. */
export interface OutgoingEmail {
  /** `<notification-id@shop.local>`: the same on every attempt, so a resend is recognisably the same message. */
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Port of the SMTP adapter (tests swap in a transport pointed at a closed port or a fake). */
export interface EmailTransport {
  /** Resolves once the server accepted the message; rejects with the transport's error otherwise. */
  send(email: OutgoingEmail, signal: AbortSignal): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

export const EMAIL_TRANSPORT = Symbol('EMAIL_TRANSPORT');

/** Domain of the Message-IDs this service generates. */
export const MESSAGE_ID_DOMAIN = 'shop.local';

export const messageIdFor = (notificationId: string): string => `<${notificationId}@${MESSAGE_ID_DOMAIN}>`;
