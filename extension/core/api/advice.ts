/**
 * What a user can do about a failed platform call, as data. The call site knows *what* went wrong
 * (the error code, the route); only the place the message is shown knows *how* to act there: the
 * CLI names the command to run, the editor the view or action, the log says it plainly. So an
 * error carries an {@link Advice}, and {@link adviceText} words it for one surface (see
 * `errorText.ts`, the one formatter the CLI and the editor share).
 */
import { messages, type Translate } from '../util/translate';
import { allRoutes, type AnyRoute } from './routes';

/** A resource family of the API (`routes/index.ts`), as far as advice is concerned. */
export type ResourceFamily = 'workspaces' | 'images' | 'keyPairs' | 'notebooks' | 'trainingJobs' | 'datasets';

/** A list the platform serves, to pick a valid value from. */
export type ValidValues = 'engines' | 'flavors' | 'datasets';

export type Advice =
  | { readonly kind: 'clock' }
  /** The project id does not belong to the region (or the token is not scoped to it). */
  | { readonly kind: 'projectId' }
  /** The gateway refused the AK/SK signature. */
  | { readonly kind: 'signature' }
  /** The gateway refused a token (token or password sign-in). */
  | { readonly kind: 'signIn' }
  | { readonly kind: 'token' }
  | { readonly kind: 'permission' }
  | { readonly kind: 'quota' }
  | { readonly kind: 'busy' }
  /** A resource the request addressed by id is not there (any more). */
  | { readonly kind: 'gone'; readonly family?: ResourceFamily }
  /** A value in the request body names nothing that exists: say which field, and where valid values are listed. */
  | { readonly kind: 'field'; readonly field: string; readonly values?: ValidValues }
  | { readonly kind: 'server' }
  /** No HTTP answer; `code` is the Node error code (or TIMEOUT). */
  | { readonly kind: 'network'; readonly code: string; readonly host: string }
  /** The answer was not what a ModelArts API sends. */
  | { readonly kind: 'notApi' }
  | { readonly kind: 'iamEndpoint' }
  | { readonly kind: 'iamProject' };

/**
 * Where the advice is read. `log` is the plain wording (PlatformError.hint, the log channel), with
 * no command or view named, since a log line is read far from where the call was made.
 */
export type AdviceSurface = 'cli' | 'editor' | 'log';

export interface AdviceContext {
  readonly surface: AdviceSurface;
  readonly t?: Translate;
  /**
   * The keys and region were just typed in (Add Cloud Profile's live check), not read from a saved
   * profile: advice then says "you entered", never "of the active profile".
   */
  readonly keysEntered?: boolean;
}

/** How the request was authenticated; only changes the wording of auth advice. */
export type AuthKind = 'aksk' | 'token' | 'password' | 'none';

const notFoundCodes = new Set(['ModelArts.0102', 'ModelArts.6309', 'ModelArts.6797', 'ModelArts.0404', 'ModelArts.2775']);
const busyCodes = new Set(['ModelArts.2799', 'ModelArts.4206', 'ModelArts.4395', 'ModelArts.6101']);
const tokenCodes = new Set(['ModelArts.0201', 'ModelArts.0202', 'ModelArts.0203', 'ModelArts.0205', 'ModelArts.0206']);
const permissionCodes = new Set(['ModelArts.0108', 'ModelArts.0112']);

/**
 * Codes that say a value in the request body names something that does not exist (reference §6,
 * training errors): not a vanished resource, but a field to correct.
 */
const fieldCodes: Readonly<Record<string, { field: string; values?: ValidValues }>> = {
  'ModelArts.2780': { field: 'algorithm.engine', values: 'engines' },
  'ModelArts.2781': { field: 'spec.resource.flavor_id', values: 'flavors' },
  'ModelArts.2783': { field: 'algorithm.inputs', values: 'datasets' },
};

/** What the error answer of a call says to do, or undefined when there is nothing better than the message. */
export interface AnswerFacts {
  readonly status: number;
  readonly errorCode: string;
  readonly errorMsg: string;
  readonly method: string;
  /** The request path as sent (project id filled in). */
  readonly path: string;
  readonly authKind?: AuthKind;
  /** The platform's own suggested fix, when it sent one. */
  readonly errorSolution?: string;
}

/**
 * The advice for an error answer. Ordered from the most to the least specific: a clock skew is
 * reported as APIGW.0301 too, and must not send the user off to rotate perfectly good keys; a field
 * code (engine not found) must not read as "it no longer exists".
 */
export function adviceFor(facts: AnswerFacts): Advice | undefined {
  const { status, errorCode, method, path } = facts;
  const authKind = facts.authKind ?? 'aksk';
  const msg = facts.errorMsg.toLowerCase();
  if (/x-sdk-date|15 minutes|requesttimetooskewed|clock/.test(msg)) return { kind: 'clock' };
  if (errorCode === 'ModelArts.0210' || errorCode === 'ModelArts.0207') return { kind: 'projectId' };
  if (errorCode === 'APIGW.0301' || errorCode === 'APIG.0303' || (status === 401 && errorCode.startsWith('APIG')))
    return { kind: authKind === 'token' || authKind === 'password' ? 'signIn' : 'signature' };
  if (tokenCodes.has(errorCode)) return { kind: 'token' };
  if (permissionCodes.has(errorCode) || (status === 403 && !errorCode.startsWith('HTTP.'))) return { kind: 'permission' };
  if (errorCode === 'ModelArts.0118' || /quota/.test(msg)) return { kind: 'quota' };
  if (status === 429 || busyCodes.has(errorCode) || /busy|too many requests|throttl/.test(msg)) return { kind: 'busy' };
  const field = fieldCodes[errorCode];
  if (field) return { kind: 'field', ...field };
  const route = routeOf(method, path);
  const byId = route !== undefined && /\{(?!project_id\})[a-z_]+\}/.test(route.route.path);
  // "does not exist" in a create or search is about something the body names, not the target: the
  // platform's message (and solution) say what; "it no longer exists" would mislead.
  const saysMissing = /does not exist|not exist|not found/.test(msg) && (byId || (route === undefined && !facts.errorSolution));
  if (notFoundCodes.has(errorCode) || status === 404 || saysMissing) {
    const family = route?.family;
    return family ? { kind: 'gone', family } : { kind: 'gone' };
  }
  if (status >= 500) return { kind: 'server' };
  return undefined;
}

const families: readonly ResourceFamily[] = ['workspaces', 'images', 'keyPairs', 'notebooks', 'trainingJobs', 'datasets'];

let patterns: { family: string; route: AnyRoute; regex: RegExp; params: number }[] | undefined;

/** The route a request was sent to (the most literal match: `notebooks/flavors` before `notebooks/{id}`). */
function routeOf(method: string, path: string): { family: ResourceFamily | undefined; route: AnyRoute } | undefined {
  patterns ??= allRoutes().map(({ name, route }) => ({
    family: name.split('.')[0] ?? '',
    route,
    // The endpoint may carry a path prefix (a private gateway), so only the end is anchored.
    regex: new RegExp(`${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[a-z_]+\\?\}/g, '[^/]+')}$`),
    params: (route.path.match(/\{/g) ?? []).length,
  }));
  const found = patterns.filter((p) => p.route.method === method && p.regex.test(path)).sort((a, b) => a.params - b.params)[0];
  if (!found) return undefined;
  const family = families.find((f) => f === found.family);
  return { family, route: found.route };
}

/** The `modelarts` command that lists a family, for "it no longer exists" on the CLI. */
const listCommands: Readonly<Record<ResourceFamily, string>> = {
  workspaces: 'modelarts workspace list',
  images: 'modelarts image list',
  keyPairs: 'modelarts keypair list',
  notebooks: 'modelarts notebook list',
  trainingJobs: 'modelarts job list',
  datasets: 'modelarts dataset list',
};

/** The `modelarts` command that lists valid values for a field. */
const valuesCommands: Readonly<Record<ValidValues, string>> = {
  engines: 'modelarts job engines',
  flavors: 'modelarts job flavors',
  datasets: 'modelarts dataset list',
};

/** The advice in words for one surface. Every sentence is a literal `t(...)` call, so the translation check sees it. */
export function adviceText(advice: Advice, ctx: AdviceContext): string {
  const t = ctx.t ?? messages;
  const { surface } = ctx;
  switch (advice.kind) {
    case 'clock':
      return t(
        'The request’s time stamp is more than 15 minutes off the platform’s clock. Fix this computer’s clock (enable automatic time sync) and try again.',
      );
    case 'projectId':
      if (surface === 'cli')
        return t(
          'The project id does not belong to this region (or the token is not scoped to it). Check --region and --project-id (or the profile’s); leave the project id out to have it looked up.',
        );
      if (ctx.keysEntered)
        return t(
          'The project id does not belong to this region (or the token is not scoped to it). Check the region and project id you entered; leave the project id empty to have it discovered.',
        );
      return t(
        'The project id does not belong to this region (or the token is not scoped to it). Check the profile’s region and project id; leave the project id empty to have it discovered.',
      );
    case 'signature':
      if (surface === 'cli')
        return t(
          'The platform rejected the signature. Check the access key (AK) and secret key (SK) (--ak and --sk, HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or ~/.modelarts/credentials.json): they must be a matching, enabled pair (temporary keys also need their security token).',
        );
      if (ctx.keysEntered)
        return t(
          'The platform rejected the signature. Check the access key (AK) and secret key (SK) you entered: they must be a matching, enabled pair (temporary keys also need their security token).',
        );
      if (surface === 'editor')
        return t(
          'The platform rejected the signature. Check the access key (AK) and secret key (SK) of the active profile: they must be a matching, enabled pair (temporary keys also need their security token).',
        );
      return t(
        'The platform rejected the signature. Check the access key (AK) and secret key (SK): they must be a matching, enabled pair (temporary keys also need their security token).',
      );
    case 'signIn':
      return t('The platform rejected the token. Sign in again, or check the profile’s user name, password and domain.');
    case 'token':
      return t('The token is missing, expired or invalid. Sign in again (or check the AK/SK of the profile).');
    case 'permission':
      return t('This account is not allowed to do that. Ask the account administrator for ModelArts permissions (IAM policy or agency).');
    case 'quota':
      return t('A quota is exhausted. Delete or stop resources you no longer need, or ask for a higher quota in the console.');
    case 'busy':
      return t('The platform is busy or limiting the request rate. Wait a moment and try again.');
    case 'gone':
      if (surface === 'cli') {
        if (advice.family)
          return t(
            'It no longer exists, or belongs to another workspace, project or region. `{0}` shows what there is.',
            listCommands[advice.family],
          );
        return t('It no longer exists, or belongs to another workspace, project or region. Check the name or id and the region.');
      }
      if (surface === 'editor') return t('It no longer exists, or belongs to another workspace, project or region. Refresh the view.');
      return t('It no longer exists, or belongs to another workspace, project or region.');
    case 'field':
      if (!advice.values || surface === 'log') return t('Correct {0} in the request.', advice.field);
      if (surface === 'cli') return t('Set {0} in the spec to a value that `{1}` lists.', advice.field, valuesCommands[advice.values]);
      return editorValuesText(advice.values, advice.field, t);
    case 'server':
      return t('The platform failed to handle the request. Try again later; if it keeps failing, report the request id.');
    case 'network':
      return networkText(advice.code, advice.host, surface, t);
    case 'notApi':
      return t(
        'The endpoint may not be a ModelArts API of the expected version (check the endpoint setting), or a proxy replaced the answer.',
      );
    case 'iamEndpoint':
      return t('Check that the IAM endpoint of the profile is an IAM v3 endpoint.');
    case 'iamProject':
      return t('Check the region of the profile, or set the project id explicitly (console → My Credentials → Projects).');
  }
}

/** What to do about a failure without an HTTP answer, keyed by the Node error code. */
function networkText(code: string, host: string, surface: AdviceSurface, t: Translate): string {
  switch (code) {
    case 'ECONNREFUSED':
      if (surface === 'cli')
        return t(
          'Nothing accepts connections at {0}. In local mode the local platform may have stopped (run `modelarts local start`); otherwise check the endpoint and proxy settings.',
          host,
        );
      if (surface === 'editor')
        return t(
          'Nothing accepts connections at {0}. In local mode the local platform may have stopped (run ModelArts: Start Local Mode); otherwise check the endpoint and proxy settings.',
          host,
        );
      return t(
        'Nothing accepts connections at {0}. In local mode the local platform may have stopped (restart it); otherwise check the endpoint and proxy settings.',
        host,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return t(
        'The host name {0} could not be resolved. Check the region or endpoint, the network connection, and the proxy settings (HTTPS_PROXY, NO_PROXY).',
        host,
      );
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return t('{0} did not answer in time. Check the network connection and proxy settings, or raise the timeout.', host);
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return t(
        'The TLS certificate of {0} is not trusted ({1}). A company proxy that inspects TLS needs its CA certificate trusted (NODE_EXTRA_CA_CERTS).',
        host,
        code,
      );
    default:
      return t('The connection to {0} failed ({1}). Check the network connection and proxy settings, then try again.', host, code);
  }
}

/** Where the editor lists valid values: its own palette command or view (its user may have no terminal open). */
function editorValuesText(values: ValidValues, field: string, t: Translate): string {
  switch (values) {
    case 'engines':
      return t('Set {0} in the spec to an engine the platform offers: run “Show Training Engines” from the Command Palette.', field);
    case 'flavors':
      return t('Set {0} in the spec to a flavor the platform offers: run “Show Training Flavors” from the Command Palette.', field);
    case 'datasets':
      return t('Set {0} in the spec to a dataset the platform has: the Datasets view lists them.', field);
  }
}
