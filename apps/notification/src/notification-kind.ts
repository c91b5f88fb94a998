/**
 * What a notification is about. A closed set in the code, so it is safe as a
 * metric label; stored as text, listed through gRPC as an open string.
 */
export const NotificationKinds = ['welcome', 'order_confirmed', 'order_cancelled', 'payment_failed'] as const;

export type NotificationKind = (typeof NotificationKinds)[number];
