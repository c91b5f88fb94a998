import type { Logger } from 'pino';

export interface ProcessHandlerOptions {
  logger: Logger;
  /** Runs the graceful shutdown; resolves when done, rejects on failure/timeout. */
  shutdown: (reason: string) => Promise<void>;
  exit?: (code: number) => never;
}

/**
 * SIGTERM/SIGINT start the graceful shutdown and exit 0 when it completes, 1 when
 * it fails or exceeds SHUTDOWN_TIMEOUT_MS; a second signal forces exit 1.
 * Uncaught errors are logged with their stack before the process ends.
 * Returns a function removing the handlers.
 */
export function installProcessHandlers(options: ProcessHandlerOptions): () => void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let signalled = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal received; forcing exit');
      exit(1);
    }
    signalled = true;
    options.shutdown(signal).then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'graceful shutdown failed; exiting');
        exit(1);
      },
    );
  };
  const onUncaught = (error: unknown, origin: string) => {
    logger.fatal({ err: error, origin }, 'uncaught error; exiting');
    exit(1);
  };

  const onUnhandledRejection = (reason: unknown) => onUncaught(reason, 'unhandledRejection');

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUnhandledRejection);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandledRejection);
  };
}
