import { Injectable } from '@nestjs/common';
import { NotificationDeadLetteredV1, type NotificationDeadLetteredV1Data } from '@shop/contracts';
import { OutboxWriter } from '@shop/messaging';
import type { EntityManager } from 'typeorm';
import type { ClaimedNotification } from '../persistence/notification.repository';

/**
 * Records `shop.notification.dead-lettered.v1` - the original event, the reason
 * and the last error - in the outbox, in the same transaction that marks the
 * notification FAILED: there is never a FAILED row without its dead
 * letter, nor a dead letter for a row that was not given up. The relay publishes
 * it to `notification.dead-letter.v1`.
 */
@Injectable()
export class DeadLetterRecorder {
  constructor(private readonly outbox: OutboxWriter) {}

  async record(
    tx: EntityManager,
    notification: ClaimedNotification,
    reason: NotificationDeadLetteredV1Data['reason'],
    error: string,
  ): Promise<void> {
    const data: NotificationDeadLetteredV1Data = {
      notificationId: notification.id,
      userId: notification.userId,
      kind: notification.kind,
      reason,
      error,
      attempts: notification.attempts,
      failedAt: new Date().toISOString(),
      originalEvent: notification.sourceEvent,
    };
    await this.outbox.append(tx, {
      topic: NotificationDeadLetteredV1.topic,
      type: NotificationDeadLetteredV1.type,
      subject: notification.id,
      data: NotificationDeadLetteredV1.schema.parse(data),
    });
  }
}
