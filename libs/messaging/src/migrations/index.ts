import { CreateInboxTable1764144000001 } from './create-inbox-table.migration';
import { CreateOutboxTable1764144000000 } from './create-outbox-table.migration';

export { CreateInboxTable1764144000001, CreateOutboxTable1764144000000 };

/**
 * Timestamp-free aliases of the same classes, for services' migration lists.
 * TypeORM records the `name` property (with its timestamp), so either import
 * runs - and is remembered as - the same migration.
 */
export const CreateOutboxTable = CreateOutboxTable1764144000000;
export const CreateInboxTable = CreateInboxTable1764144000001;

/** Both tables, for a service's migration list: `migrations: [...messagingMigrations, ...own]`. */
export const messagingMigrations = [CreateOutboxTable1764144000000, CreateInboxTable1764144000001];
