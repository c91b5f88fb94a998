import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@shop/contracts';
import { captureTraceContext } from '@shop/messaging';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../customers/recipient';
import type { NotificationKind } from '../notification-kind';
import { NotificationRepository } from '../persistence/notification.repository';
import type { EmailContent } from '../templates/email-content';
import { PENDING_NOTIFICATIONS_CHANNEL } from './pending-channel';

/**
 * Records a rendered email as a PENDING notification inside the inbox
 * transaction, and nothing else: no SMTP here. SMTP is not
 * transactional, so sending from the handler would email again on every retry
 * or redelivery of an event whose transaction then rolled back. The sender
 * (delivery/) sends committed rows.
 */
@Injectable()
export class NotificationRecorder {
  constructor(private readonly notifications: NotificationRepository) {}

  async record(
    tx: EntityManager,
    event: EventEnvelope,
    kind: NotificationKind,
    to: Recipient,
    email: EmailContent,
  ): Promise<void> {
    const { id, type, source, subject, time, data } = event;
    await this.notifications.insertPending(tx, {
      userId: to.userId,
      kind,
      recipient: to.email,
      subject: email.subject,
      bodyText: email.text,
      bodyHtml: email.html,
      sourceEvent: { id, type, source, subject, time, data },
      // The consumer span's context: the send continues the producer's trace.
      trace: captureTraceContext(),
    });
    await tx.query('SELECT pg_notify($1, $2)', [PENDING_NOTIFICATIONS_CHANNEL, '']);
  }
}
