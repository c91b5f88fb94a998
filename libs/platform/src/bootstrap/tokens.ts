/** The service's parsed, validated configuration (the object loadConfig returned). */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** The raw pino logger of the service (structured fields, child loggers). */
export const LOGGER = Symbol('LOGGER');
