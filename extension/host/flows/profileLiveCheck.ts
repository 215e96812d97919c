import { createPlatformClient } from '../../core/api/client';
import type { ProxySettings } from '../../core/api/proxy';
import { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import { type CloudTargetFields, cloudConnectionConfig } from '../../core/config/cloudConnection';
import type { Translate } from '../../core/util/translate';
import { describeError } from '../errorText';

/**
 * Add Cloud Profile's live check: one call with the new profile (list a workspace, finding the
 * project id if needed). Resolves with what went wrong and what to do, worded for keys just typed
 * in (nothing is saved yet, so there is no "active profile" to check), or undefined when the
 * platform answered. Cancellation rejects. (No `vscode`: unit-tested against the local daemon.)
 */
export async function profileLiveCheck(
  fields: CloudTargetFields,
  keys: { readonly ak: string; readonly sk: string },
  t: Translate,
  signal?: AbortSignal,
  /** The editor's proxy settings; default the environment's. */
  proxy?: ProxySettings,
): Promise<string | undefined> {
  let client: ReturnType<typeof createPlatformClient> | undefined;
  try {
    client = createPlatformClient(cloudConnectionConfig(fields, keys, proxy).platform);
    for await (const _workspace of new ModelArtsApi(client).workspaces.list({ pageSize: 1, ...(signal ? { signal } : {}) })) break;
    return undefined;
  } catch (err) {
    if (signal?.aborted) throw err;
    return describeError(err, t, { keysEntered: true });
  } finally {
    client?.close();
  }
}
