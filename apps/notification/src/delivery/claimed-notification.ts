import type { Job } from '@shop/platform';
import type { PendingNotification, TraceFields } from '../persistence/notification.repository';

/** A PENDING notification this replica claimed (leased) for one send attempt. */
export interface ClaimedNotification extends PendingNotification, Job {
  readonly id: string;
  readonly trace: TraceFields;
}
