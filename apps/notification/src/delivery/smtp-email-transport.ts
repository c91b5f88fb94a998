import { createTransport } from 'nodemailer';
import type { NotificationConfig } from '../notification.config';
import type { EmailTransport, OutgoingEmail } from './email-transport.port';

type SmtpConfig = Pick<
  NotificationConfig,
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_FROM'
  | 'SMTP_USER'
  | 'SMTP_PASSWORD'
  | 'SMTP_CONNECTION_TIMEOUT_MS'
  | 'SMTP_GREETING_TIMEOUT_MS'
  | 'SMTP_SOCKET_TIMEOUT_MS'
  | 'NOTIFICATION_SEND_CONCURRENCY'
>;

/**
 * Nodemailer over SMTP: one long-lived pooled transport per process, as many
 * connections as the sender sends at once, every step bounded:
 * connect, greeting, socket inactivity; the whole send is bounded by the
 * caller's AbortSignal. Plain SMTP with opportunistic STARTTLS (Mailpit
 * offers none; a production relay should, with credentials in the Secret).
 */
export class SmtpEmailTransport implements EmailTransport {
  private readonly mailer;

  constructor(private readonly config: SmtpConfig) {
    this.mailer = createTransport({
      pool: true,
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: false,
      maxConnections: config.NOTIFICATION_SEND_CONCURRENCY,
      maxMessages: 100,
      connectionTimeout: config.SMTP_CONNECTION_TIMEOUT_MS,
      greetingTimeout: config.SMTP_GREETING_TIMEOUT_MS,
      socketTimeout: config.SMTP_SOCKET_TIMEOUT_MS,
      dnsTimeout: config.SMTP_CONNECTION_TIMEOUT_MS,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } } : {}),
    });
  }

  async send(email: OutgoingEmail, signal: AbortSignal): Promise<void> {
    await this.mailer.sendMail({
      from: this.config.SMTP_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      headers: { ...email.headers },
      signal,
    });
  }

  close(): void {
    this.mailer.close();
  }
}
