import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { createPlatformClient, type LocalDiscovery, localPlatformConfig } from '../../extension/core/api/client';
import { ModelArtsApi } from '../../extension/core/api/resources/modelArtsApi';

/**
 * The discovery file of the local daemon the extension under test runs (endpoints and AK/SK).
 * Starts local mode through the extension first, which also activates it, so a test file works
 * on its own as well as after the others.
 */
export async function localDiscovery(): Promise<LocalDiscovery> {
  const status = await vscode.commands.executeCommand<{ state: string; error?: string } | undefined>('modelarts.local.start');
  if (status?.state !== 'running') throw new Error(`local mode did not start: ${JSON.stringify(status)}`);
  return JSON.parse(readFileSync(path.join(process.env.MODELARTS_LOCAL_HOME as string, 'daemon.json'), 'utf8')) as LocalDiscovery;
}

/** The typed API of that daemon. */
export async function localApi(): Promise<ModelArtsApi> {
  return new ModelArtsApi(createPlatformClient(localPlatformConfig(await localDiscovery())));
}
