import { restoreKnobs, type DrillContext } from '../../faults/support/drill';
import { ensureAppRunning, faultCli, thawApp, type AppName } from '../../faults/support/system';

/**
 * After a lab that turned knobs, even one that failed half-way: the provider's normal knobs,
 * each given app running and not frozen, and the fault CLI's view written again (the
 * storefront's banner shows what the CLI last saw).
 */
export async function putSystemBack(drill: DrillContext, apps: AppName[] = []): Promise<void> {
  await restoreKnobs(drill);
  for (const app of apps) {
    await ensureAppRunning(app);
    await thawApp(app); // SIGCONT: nothing to a running process, the end of a freeze
  }
  await faultCli('list');
}
