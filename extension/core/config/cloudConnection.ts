import type { PlatformConfig } from '../api/client';
import type { ProxySettings } from '../api/proxy';
import { obsConfig, s3CompatibleConfig, type StorageConfig } from '../storage/config';
import type { AkSk } from './profiles';

/** Where a cloud profile points: its region and optional project id and endpoint overrides. */
export interface CloudTargetFields {
  readonly region: string;
  readonly projectId?: string;
  readonly modelartsEndpoint?: string;
  readonly obsEndpoint?: string;
  readonly iamEndpoint?: string;
}

/**
 * The platform and storage configs of a cloud profile: the one place the CLI and the extension
 * turn profile fields plus AK/SK into clients, so both reach the same endpoints the same way.
 * `proxy` goes to both (the extension passes the editor's settings); without it both read the
 * environment.
 */
export function cloudConnectionConfig(
  fields: CloudTargetFields,
  keys: AkSk,
  proxy?: ProxySettings,
): { platform: PlatformConfig; storage: StorageConfig } {
  const platform: PlatformConfig = {
    region: fields.region,
    endpoints: {
      ...(fields.modelartsEndpoint ? { modelarts: fields.modelartsEndpoint } : {}),
      ...(fields.obsEndpoint ? { obs: fields.obsEndpoint } : {}),
      ...(fields.iamEndpoint ? { iam: fields.iamEndpoint } : {}),
    },
    credentials: { kind: 'aksk', ak: keys.ak, sk: keys.sk, ...(keys.securityToken ? { securityToken: keys.securityToken } : {}) },
    ...(fields.projectId ? { projectId: fields.projectId } : {}),
    ...(proxy ? { proxy } : {}),
  };
  const storageKeys = {
    accessKeyId: keys.ak,
    secretAccessKey: keys.sk,
    ...(keys.securityToken ? { sessionToken: keys.securityToken } : {}),
  };
  const storage = storageConfigFor(fields, storageKeys);
  return { platform, storage: proxy ? { ...storage, proxy } : storage };
}

/**
 * OBS wants the bucket in the host name; an endpoint given as an IP address or `localhost`
 * (a gateway on a private cloud, an S3-compatible test server) cannot take a bucket sub-domain,
 * so those use path-style addressing.
 */
function storageConfigFor(fields: CloudTargetFields, keys: Parameters<typeof obsConfig>[1]): StorageConfig {
  if (!fields.obsEndpoint) return obsConfig(fields.region, keys);
  const host = new URL(fields.obsEndpoint).hostname;
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('['))
    return s3CompatibleConfig(fields.obsEndpoint, fields.region, keys);
  return { ...obsConfig(fields.region, keys), endpoint: fields.obsEndpoint };
}
