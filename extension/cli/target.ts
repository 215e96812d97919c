import path from 'node:path';
import { createPlatformClient, localPlatformConfig, type PlatformClient } from '../core/api/client';
import { cloudConnectionConfig } from '../core/config/cloudConnection';
import { readCredentials, readProfiles } from '../core/config/profiles';
import { s3CompatibleConfig, type StorageConfig } from '../core/storage/config';
import { resolveDataDir } from '../local/dataDir';
import { startDaemonDetached } from '../local/lifecycle';
import { type GlobalFlag, stringFlag, UsageError } from './args';

/** Where a command runs: the platform client and the storage config for the chosen target. */
export interface Target {
  readonly kind: 'local' | 'cloud';
  /** "local" or the profile/region, for messages. */
  readonly label: string;
  readonly client: PlatformClient;
  readonly storage: StorageConfig;
}

type Flags = ReadonlyMap<string, string | true>;

const g = (flags: Flags, name: GlobalFlag) => stringFlag(flags, name);

/**
 * Resolves the global options into a target. With none of them (and no HUAWEICLOUD_SDK_* in the
 * environment) it is local mode, whose daemon is started if it is not running. A cloud target
 * needs a region (from --region or the profile) and AK/SK (from --ak/--sk, the environment or the
 * 0600 credentials file).
 */
export async function resolveTarget(flags: Flags, env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const profileName = g(flags, 'profile');
  const profile = profileName ? readProfiles(env).find((p) => p.name === profileName) : undefined;
  if (profileName && !profile)
    throw new UsageError(`no profile named '${profileName}' (profiles live in ${path.join('~', '.modelarts', 'profiles.json')})`);

  const region = g(flags, 'region') ?? (profile?.kind === 'cloud' ? profile.region : undefined);
  const cloudWanted = region !== undefined || g(flags, 'ak') !== undefined || g(flags, 'endpoint') !== undefined;
  if (!cloudWanted && (!profile || profile.kind === 'local')) {
    return localTarget(profile?.kind === 'local' ? profile.dataDir : undefined);
  }
  if (!region) throw new UsageError('a cloud target needs --region (or a profile with a region)');

  const ak = g(flags, 'ak');
  const sk = g(flags, 'sk');
  if ((ak === undefined) !== (sk === undefined)) throw new UsageError('--ak and --sk go together');
  const keys = ak && sk ? { ak, sk } : readCredentials(profileName ?? 'default', env);
  if (!keys)
    throw new UsageError(
      'no AK/SK: pass --ak and --sk, set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or add them to ~/.modelarts/credentials.json',
    );

  const cloudProfile = profile?.kind === 'cloud' ? profile : undefined;
  const projectId = g(flags, 'project-id') ?? cloudProfile?.projectId ?? env.HUAWEICLOUD_SDK_PROJECT_ID;
  const endpoint = g(flags, 'endpoint') ?? cloudProfile?.modelartsEndpoint;
  const { platform, storage } = cloudConnectionConfig(
    {
      region,
      ...(projectId ? { projectId } : {}),
      ...(endpoint ? { modelartsEndpoint: endpoint } : {}),
      ...(cloudProfile?.obsEndpoint ? { obsEndpoint: cloudProfile.obsEndpoint } : {}),
      ...(cloudProfile?.iamEndpoint ? { iamEndpoint: cloudProfile.iamEndpoint } : {}),
    },
    keys,
  );
  const client = createPlatformClient(platform);
  return { kind: 'cloud', label: profileName ?? region, client, storage };
}

/** Local mode: finds the daemon of the data dir, starting it (detached) when none runs. */
async function localTarget(dataDir: string | undefined): Promise<Target> {
  const discovery = await startDaemonDetached({ dataDir: resolveDataDir(dataDir), daemonScript: path.join(__dirname, 'daemon.js') });
  return {
    kind: 'local',
    label: 'local',
    client: createPlatformClient(localPlatformConfig(discovery)),
    storage: s3CompatibleConfig(discovery.s3_endpoint, 'local', { accessKeyId: discovery.ak, secretAccessKey: discovery.sk }),
  };
}
