import { Injectable } from '@nestjs/common';
import { EventEnvelope, UserRegisteredV1, UserRegisteredV1Data } from '@shop/contracts';
import { EventHandler } from '@shop/messaging';
import { EntityManager } from 'typeorm';
import { CustomerProjection } from '../customers/customer-projection';
import { NotificationRecorder } from '../recording/notification-recorder';
import { welcomeEmail } from '../templates/welcome.template';

/**
 * A customer registered: remember how to reach them (the `customers`
 * projection order and payment emails are addressed from) and record the
 * welcome email. Runs inside the inbox transaction the messaging library opens:
 * a redelivered event is dropped before it gets here, and both writes commit
 * together with the inbox row.
 */
@Injectable()
export class WelcomeOnUserRegisteredHandler implements EventHandler<UserRegisteredV1Data> {
  constructor(
    private readonly customers: CustomerProjection,
    private readonly recorder: NotificationRecorder,
  ) {}

  async handle(event: EventEnvelope<UserRegisteredV1Data>, tx: EntityManager): Promise<void> {
    const data = UserRegisteredV1.schema.parse(event.data);
    await this.customers.apply(tx, data);
    const to = { userId: data.userId, email: data.email, name: data.name };
    await this.recorder.record(tx, event, 'welcome', to, welcomeEmail(to));
  }
}
