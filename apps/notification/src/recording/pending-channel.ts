/**
 * LISTEN/NOTIFY channel between the inbox handlers and the sender: a handler
 * notifies in its transaction (delivered only on COMMIT), the sender wakes at once
 * instead of at its next poll. The same doorbell the outbox relay uses.
 */
export const PENDING_NOTIFICATIONS_CHANNEL = 'notification_pending';
