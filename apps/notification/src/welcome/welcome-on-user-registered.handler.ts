import { Injectable } from '@nestjs/common';
import { EventEnvelope, UserRegisteredV1, UserRegisteredV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { NotificationRecord } from '../persistence/notification.record';

/**
 * Records the welcome notification for a new customer. Runs inside the inbox
 * transaction the messaging library opens: a redelivered event is dropped before
 * it gets here, and this insert commits together with the inbox row (P10).
 */
@Injectable()
export class WelcomeOnUserRegisteredHandler implements EventHandler<UserRegisteredV1Data> {
  async handle(event: EventEnvelope<UserRegisteredV1Data>, tx: EntityManager): Promise<void> {
    const data = UserRegisteredV1.schema.parse(event.data);
    await tx.insert(NotificationRecord, {
      userId: data.userId,
      kind: 'welcome',
      recipient: data.email,
      subject: `Welcome to the shop, ${data.name}`,
      sourceEventId: event.id,
    });
  }
}
