import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@shop/contracts';
import { captureTraceContext } from '@shop/messaging';
import type { EntityManager } from 'typeorm';
import type { Recipient } from '../customers/recipient';
import type { NotificationKind } from '../notification-kind';
import type { SourceEvent } from '../persistence/notification.record';
import type { EmailContent } from '../templates/email-content';
import { PENDING_NOTIFICATIONS_CHANNEL } from './pending-channel';

/**
 * Records a rendered email as a PENDING notification inside the inbox
 * transaction, and nothing else: no SMTP here (P10). SMTP is not
 * transactional, so sending from the handler would email again on every retry
 * or redelivery of an event whose transaction then rolled back. The sender
 * (delivery/) sends committed rows.
 */
@Injectable()
export class NotificationRecorder {
  async record(
    tx: EntityManager,
    event: EventEnvelope,
    kind: NotificationKind,
    to: Recipient,
    email: EmailContent,
  ): Promise<void> {
    const source: SourceEvent = {
      id: event.id,
      type: event.type,
      source: event.source,
      subject: event.subject,
      time: event.time,
      data: event.data,
    };
    // P10, second line of defence after the inbox: UNIQUE (source_event_id, kind)
    // also holds across consumer groups (the inbox is per group), so even a replay
    // under a renamed group records nothing new.
    await tx.query(
      `INSERT INTO notifications
         (user_id, kind, recipient, subject, body_text, body_html, source_event_id, source_event, trace, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, 'PENDING')
       ON CONFLICT (source_event_id, kind) DO NOTHING`,
      [
        to.userId,
        kind,
        to.email,
        email.subject,
        email.text,
        email.html,
        event.id,
        JSON.stringify(source),
        // P20: the consumer span's context; the send continues the producer's trace.
        JSON.stringify(captureTraceContext()),
      ],
    );
    await tx.query('SELECT pg_notify($1, $2)', [PENDING_NOTIFICATIONS_CHANNEL, '']);
  }
}
