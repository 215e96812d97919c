import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { createPlatformClient, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';

/**
 * The typed API of the local daemon the extension under test runs (found through its data dir).
 * Starts local mode through the extension first, which also activates it, so a test file works
 * on its own as well as after the others.
 */
export async function localApi(): Promise<ModelArtsApi> {
  const status = (await vscode.commands.executeCommand('modelarts.local.start')) as { state: string; error?: string } | undefined;
  if (status?.state !== 'running') throw new Error(`local mode did not start: ${JSON.stringify(status)}`);
  const discovery = JSON.parse(readFileSync(path.join(process.env.MODELARTS_LOCAL_HOME as string, 'daemon.json'), 'utf8'));
  return new ModelArtsApi(createPlatformClient(localPlatformConfig(discovery)));
}
