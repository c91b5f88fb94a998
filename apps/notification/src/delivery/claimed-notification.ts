import type { Job } from '@shop/platform';
import type { NotificationKind } from '../notification-kind';
import type { SourceEvent, TraceFields } from '../persistence/notification.repository';

/** A PENDING notification this replica claimed (leased) for one send attempt. */
export interface ClaimedNotification extends Job {
  readonly id: string;
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly recipient: string;
  readonly subject: string;
  readonly bodyText: string;
  readonly bodyHtml: string;
  readonly sourceEvent: SourceEvent;
  readonly trace: TraceFields;
}
