import type { Services } from '../services';

/** Brings the ModelArts output channel to the front, where every request and error is logged. */
export async function showLog(services: Services): Promise<void> {
  services.log.show(true);
}
