/**
 * Deep links into the extension, as a console's "open in VS Code" button makes them:
 *
 *   vscode://modelarts.modelarts-toolkit/connect?notebook=<id or name>[&profile=<name>][&region=<code>][&workspace=<id>]
 *   vscode://modelarts.modelarts-toolkit/job?id=<job id>[&profile=<name>][&region=<code>]
 *
 * A link comes from anywhere (a web page, a chat message), so everything in it is checked here
 * before anything acts on it: the path, every parameter's name and shape, the profile against
 * the window's own profiles and the region against the known ones. Values are never decoded a
 * second time (VS Code decoded the URI once): the patterns admit no `%`, so `%2526` cannot turn
 * into a separator later. Error messages quote a value only once it passed its pattern.
 */
import { isKnownRegion } from '../api/regions';
import { english, type Translate } from '../util/translate';

/** The platform a link is for, resolved against the window's profiles. */
export interface DeepLinkPlatform {
  /** '' for local mode, else the name of a cloud profile of this window. */
  readonly profile: string;
  /** The cloud profile's region; absent in local mode. */
  readonly region?: string;
  /** The link's platform is not the active one: following it switches the active profile. */
  readonly switches: boolean;
}

export type DeepLink =
  | {
      readonly kind: 'connect';
      /** The notebook's id (a UUID) or its name. */
      readonly notebook: string;
      readonly notebookBy: 'id' | 'name';
      /** The workspace the notebook must be in, when the link names one. */
      readonly workspace?: string;
      readonly platform: DeepLinkPlatform;
    }
  | { readonly kind: 'job'; readonly jobId: string; readonly platform: DeepLinkPlatform };

/** A URI's parts as VS Code hands them over (`vscode.Uri`: each component decoded once). */
export interface DeepLinkUri {
  readonly authority: string;
  readonly path: string;
  readonly query: string;
  readonly fragment: string;
}

/** What a link is checked against. */
export interface DeepLinkContext {
  /** `publisher.name`, the URI's authority. */
  readonly extensionId: string;
  /** The window's cloud profiles (`modelarts.profiles`). */
  readonly profiles: readonly { readonly name: string; readonly region: string }[];
  /** The active profile, '' for local mode. */
  readonly activeProfile: string;
}

/** A link that is refused; the message says why, for the user. */
export class DeepLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeepLinkError';
  }
}

/** The profile name that means local mode (no cloud profile may take it). */
export const localProfileName = 'local';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hexIdPattern = /^[0-9a-f]{32}$/i;
const notebookNamePattern = /^[A-Za-z0-9_-]{1,128}$/;
const workspacePattern = /^(0|[0-9a-f]{32})$/i;
const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const regionPattern = /^[a-z]{2,}(-[a-z0-9]+){1,3}$/;
/** Far above any real link; a longer query is not read at all. */
const maxQueryLength = 2048;

const parametersOf = { connect: ['notebook', 'profile', 'region', 'workspace'], job: ['id', 'profile', 'region'] } as const;

/** Checks a link and resolves its platform; throws {@link DeepLinkError} saying what is wrong. */
export function parseDeepLink(uri: DeepLinkUri, context: DeepLinkContext, t: Translate = english): DeepLink {
  if (uri.authority.toLowerCase() !== context.extensionId.toLowerCase())
    throw new DeepLinkError(t('This link is not for the ModelArts Toolkit.'));
  const kind = uri.path === '/connect' ? 'connect' : uri.path === '/job' ? 'job' : undefined;
  if (!kind) throw new DeepLinkError(t('Unknown link: the ModelArts Toolkit opens only /connect and /job links.'));
  if (uri.fragment !== '') throw new DeepLinkError(t('The link has a fragment (#…), which ModelArts links never have.'));
  const params = queryParameters(uri.query, parametersOf[kind], t);
  const platform = resolvePlatform(params.get('profile'), params.get('region'), context, t);
  if (kind === 'job') {
    const jobId = params.get('id');
    if (jobId === undefined) throw new DeepLinkError(t('The link names no training job: it needs id=<job id>.'));
    if (!hexIdPattern.test(jobId) && !uuidPattern.test(jobId)) throw new DeepLinkError(t('The link’s id is not a training job id.'));
    return { kind, jobId, platform };
  }
  const notebook = params.get('notebook');
  if (notebook === undefined) throw new DeepLinkError(t('The link names no notebook: it needs notebook=<id or name>.'));
  const notebookBy = uuidPattern.test(notebook) ? 'id' : notebookNamePattern.test(notebook) ? 'name' : undefined;
  if (!notebookBy) throw new DeepLinkError(t('The link’s notebook is neither a notebook id nor a notebook name.'));
  const workspace = params.get('workspace');
  if (workspace !== undefined && !workspacePattern.test(workspace))
    throw new DeepLinkError(t('The link’s workspace is not a workspace id.'));
  return { kind, notebook, notebookBy, ...(workspace !== undefined ? { workspace } : {}), platform };
}

/** `a=1&b=2`, split without decoding; unknown, repeated, empty and unnamed parameters are refused. */
function queryParameters(query: string, allowed: readonly string[], t: Translate): Map<string, string> {
  if (query.length > maxQueryLength) throw new DeepLinkError(t('The link is too long to be a ModelArts link.'));
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = equals < 0 ? part : part.slice(0, equals);
    if (!allowed.includes(name)) {
      // The name is quoted only when it is a plain word; anything else is not worth repeating.
      const shown = /^[A-Za-z0-9_-]{1,32}$/.test(name) ? name : '…';
      throw new DeepLinkError(t('The link has an unknown parameter {0}; it may have only {1}.', shown, allowed.join(', ')));
    }
    if (params.has(name)) throw new DeepLinkError(t('The link gives {0} twice.', name));
    const value = equals < 0 ? '' : part.slice(equals + 1);
    if (value === '') throw new DeepLinkError(t('The link’s {0} is empty.', name));
    params.set(name, value);
  }
  return params;
}

function resolvePlatform(
  profile: string | undefined,
  region: string | undefined,
  context: DeepLinkContext,
  t: Translate,
): DeepLinkPlatform {
  if (region !== undefined && !regionPattern.test(region)) throw new DeepLinkError(t('The link’s region is not a region code.'));
  if (region !== undefined && !isKnownRegion(region) && !context.profiles.some((p) => p.region === region))
    throw new DeepLinkError(t('The link’s region {0} is not a known region, and no profile of this window is in it.', region));
  const platform = (name: string): DeepLinkPlatform => {
    const cloud = context.profiles.find((p) => p.name === name);
    return { profile: name, ...(cloud ? { region: cloud.region } : {}), switches: name !== context.activeProfile };
  };

  if (profile !== undefined) {
    if (!profileNamePattern.test(profile)) throw new DeepLinkError(t('The link’s profile is not a profile name.'));
    if (profile === localProfileName) {
      if (region !== undefined)
        throw new DeepLinkError(t('The link is for local mode, which has no region, yet it names region {0}.', region));
      return platform('');
    }
    const cloud = context.profiles.find((p) => p.name === profile);
    if (!cloud)
      throw new DeepLinkError(
        t('This window has no cloud profile named {0}. Add it with Add Cloud Profile, then open the link again.', profile),
      );
    if (region !== undefined && cloud.region !== region)
      throw new DeepLinkError(t('The link is for region {0}, but profile {1} is in region {2}.', region, profile, cloud.region));
    return platform(profile);
  }
  if (region === undefined) return platform(context.activeProfile);
  // A console knows the region, not the user's profile names: the active profile if it is there, else the one profile that is.
  const active = context.profiles.find((p) => p.name === context.activeProfile);
  if (active?.region === region) return platform(active.name);
  const inRegion = context.profiles.filter((p) => p.region === region);
  if (inRegion.length === 1) return platform((inRegion[0] as { name: string }).name);
  if (inRegion.length === 0)
    throw new DeepLinkError(
      t('No cloud profile of this window is in region {0}. Add one with Add Cloud Profile, then open the link again.', region),
    );
  throw new DeepLinkError(
    t(
      'Several profiles are in region {0} ({1}): the link must say which, with profile=<name>.',
      region,
      inRegion.map((p) => p.name).join(', '),
    ),
  );
}
