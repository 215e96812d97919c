/**
 * Wires a profile (region, endpoints, credentials, optional project id) into the HTTP clients the
 * typed resource methods use. The cloud and local mode go through this same function; local mode
 * is just explicit endpoints, the daemon's AK/SK and its project id.
 */
import { type Authenticator, type Credentials, akskAuthenticator, tokenAuthenticator, validateCredentials } from './credentials';
import { HttpClient, type HttpClientOptions } from './http';
import { IamClient, IamTokenAuthenticator, cachedProjectId } from './iam';
import { proxySettingsFromEnv } from './proxy';
import { type PlatformEndpoints, cloudEndpoints } from './regions';
import { NodeTransport } from './transport';

/** Everything needed to talk to one platform as one identity. */
export interface PlatformConfig extends Omit<HttpClientOptions, 'endpoint' | 'authenticator' | 'projectId' | 'transport'> {
  /** Region id, e.g. `cn-north-4`; any name (e.g. `local`) when all endpoints are given. */
  readonly region: string;
  readonly endpoints?: Partial<PlatformEndpoints>;
  readonly credentials: Credentials;
  /** Discovered through IAM (and cached) when absent. */
  readonly projectId?: string;
  /** The IAM project to scope password tokens to; default the region id. */
  readonly projectName?: string;
}

/** The connected clients of one profile. */
export interface PlatformClient {
  readonly region: string;
  readonly endpoints: PlatformEndpoints;
  /** ModelArts REST calls; `{project_id}` in paths is filled in. */
  readonly modelarts: HttpClient;
  readonly iam: IamClient;
  readonly authenticator: Authenticator;
  /** The project id: configured, from the password token's scope, or `GET /v3/projects?name=`; cached. */
  projectId(signal?: AbortSignal): Promise<string>;
  /** Releases pooled connections. */
  close(): void;
}

/**
 * Builds the clients for `config`. Throws (before any network traffic) for an unknown region
 * without endpoints or incomplete credentials.
 */
export function createPlatformClient(config: PlatformConfig): PlatformClient {
  const endpoints = cloudEndpoints(config.region, config.endpoints);
  validateCredentials(config.credentials);
  const { region, credentials, projectId: givenProjectId, projectName, endpoints: _overrides, ...transportOptions } = config;
  const transport = new NodeTransport({
    proxy: transportOptions.proxy ?? proxySettingsFromEnv(),
    ...(transportOptions.tls ? { tls: transportOptions.tls } : {}),
  });
  const iam = new IamClient({ ...transportOptions, endpoint: endpoints.iam, transport });

  let authenticator: Authenticator;
  let projectId: (signal?: AbortSignal) => Promise<string>;
  switch (credentials.kind) {
    case 'aksk':
      authenticator = akskAuthenticator(credentials);
      break;
    case 'token':
      authenticator = tokenAuthenticator(credentials.token);
      break;
    case 'password':
      authenticator = new IamTokenAuthenticator(iam, credentials, { projectName: projectName ?? region });
      break;
  }
  if (givenProjectId) {
    projectId = () => Promise.resolve(givenProjectId);
  } else if (authenticator instanceof IamTokenAuthenticator) {
    // A project-scoped token names its project: no second IAM call needed.
    const tokens = authenticator;
    projectId = cachedProjectId(
      async (signal) => (await tokens.token(signal)).projectId ?? (await iam.findProjectId(projectName ?? region, tokens, signal)),
    );
  } else {
    projectId = cachedProjectId((signal) => iam.findProjectId(projectName ?? region, authenticator, signal));
  }
  const modelarts = new HttpClient({ ...transportOptions, endpoint: endpoints.modelarts, authenticator, projectId, transport });
  return { region, endpoints, modelarts, iam, authenticator, projectId, close: () => transport.close() };
}

/** What the local daemon's discovery file holds (the fields this needs). */
export interface LocalDiscovery {
  readonly endpoint: string;
  readonly s3_endpoint: string;
  readonly project_id: string;
  readonly ak: string;
  readonly sk: string;
}

/** The config for local mode: the daemon's endpoints, AK/SK and project; no IAM involved. */
export function localPlatformConfig(discovery: LocalDiscovery): PlatformConfig {
  return {
    region: 'local',
    // The daemon has no IAM; the project id is given, so IAM is never called.
    endpoints: { modelarts: discovery.endpoint, obs: discovery.s3_endpoint, iam: discovery.endpoint },
    credentials: { kind: 'aksk', ak: discovery.ak, sk: discovery.sk },
    projectId: discovery.project_id,
  };
}
