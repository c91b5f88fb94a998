/** Injection token of the `EventPublisher` port (inject the port, never kafkajs). */
export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
/** The resolved `MessagingModuleOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
/** Internal: `{ kafka, producer, admin }`, the one client set of the service. */
export const KAFKA_CLIENTS = Symbol('KAFKA_CLIENTS');
/** Internal: the pino logger messaging logs to. */
export const MESSAGING_LOGGER = Symbol('MESSAGING_LOGGER');
/** Internal alias of the app's TypeORM `DataSource`. */
export const MESSAGING_DATA_SOURCE = Symbol('MESSAGING_DATA_SOURCE');
