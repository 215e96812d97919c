/**
 * Regions and endpoints. Cloud and local mode differ only by these URLs and the credentials
 * (DESIGN.md "one client, two platforms"), so everything that talks to a platform takes a
 * `PlatformEndpoints` rather than building hostnames itself.
 */

/** The base URLs of the three services the toolkit talks to, without a trailing slash. */
export interface PlatformEndpoints {
  /** ModelArts REST API, e.g. `https://modelarts.cn-north-4.myhuaweicloud.com`. */
  readonly modelarts: string;
  /** OBS (S3-compatible object storage), e.g. `https://obs.cn-north-4.myhuaweicloud.com`. */
  readonly obs: string;
  /** IAM (tokens, project id discovery), e.g. `https://iam.cn-north-4.myhuaweicloud.com`. */
  readonly iam: string;
}

/**
 * The regions the Huawei Cloud Python SDK lists for ModelArts (modelarts_region.py, release
 * 3.1.211). Other regions exist on private clouds and rebranded clouds; those need explicit
 * endpoints, because guessing a hostname there would send the user's signed requests to a host
 * that is not their cloud.
 */
export const knownRegions: readonly string[] = [
  'cn-north-1',
  'cn-north-4',
  'cn-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'cn-east-3',
  'cn-east-4',
  'la-south-2',
  'af-south-1',
  'cn-north-9',
  'tr-west-1',
  'me-east-1',
  'cn-southwest-2',
  'cn-north-2',
  'sa-brazil-1',
  'la-north-2',
  'af-north-1',
  'cn-north-12',
  'cn-southwest-3',
  'cn-north-11',
];

/** True when `region` is one of {@link knownRegions}. */
export function isKnownRegion(region: string): boolean {
  return knownRegions.includes(region);
}

/** Raised for an unusable region or endpoint; the message says what to configure. */
export class EndpointConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointConfigError';
  }
}

/**
 * The endpoints of `region` on Huawei Cloud (`https://{service}.{region}.myhuaweicloud.com`), each
 * replaced by `overrides` when given (private clouds, proxies in front of the API, local mode).
 *
 * A region not in {@link knownRegions} is accepted only when all three endpoints are given, so a
 * typo like `cn-nort-4` fails here with a clear message instead of as a DNS error later.
 */
export function cloudEndpoints(region: string, overrides: Partial<PlatformEndpoints> = {}): PlatformEndpoints {
  const services = ['modelarts', 'obs', 'iam'] as const;
  const trimmedRegion = region.trim();
  if (!isKnownRegion(trimmedRegion)) {
    const missing = services.filter((s) => !overrides[s]);
    if (missing.length > 0) {
      throw new EndpointConfigError(
        `Unknown region "${region}". Use one of ${knownRegions.join(', ')}, or give explicit endpoints for ${missing.join(', ')} (profile settings modelartsEndpoint, obsEndpoint, iamEndpoint).`,
      );
    }
  }
  const result = {} as Record<(typeof services)[number], string>;
  for (const service of services) {
    const override = overrides[service];
    result[service] = override ? normalizeEndpoint(override, service) : `https://${service}.${trimmedRegion}.myhuaweicloud.com`;
  }
  return result;
}

/**
 * Validates an endpoint URL and drops a trailing slash, so `${endpoint}${path}` never doubles it.
 * Only http and https are allowed; plain http is there for local mode and test servers.
 */
export function normalizeEndpoint(value: string, name = 'endpoint'): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new EndpointConfigError(
      `The ${name} endpoint "${value}" is not a URL (expected e.g. https://${name}.cn-north-4.myhuaweicloud.com).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new EndpointConfigError(`The ${name} endpoint "${value}" must be an http or https URL.`);
  if (url.username || url.password)
    throw new EndpointConfigError(
      `The ${name} endpoint must not carry a user name or password; credentials belong in the profile's secrets.`,
    );
  if (url.search || url.hash) throw new EndpointConfigError(`The ${name} endpoint "${value}" must not have a query or fragment.`);
  return url.href.replace(/\/+$/, '');
}
