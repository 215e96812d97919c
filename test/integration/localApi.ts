import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createPlatformClient, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';

/** The typed API of the local daemon the extension under test started (found through its data dir). */
export function localApi(): ModelArtsApi {
  const discovery = JSON.parse(readFileSync(path.join(process.env.MODELARTS_LOCAL_HOME as string, 'daemon.json'), 'utf8'));
  return new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
}
