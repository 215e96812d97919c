import * as vscode from 'vscode';
import { isKnownRegion } from '../../../core/api/regions';
import { MultiStep } from '../../flows/multiStep';
import {
  accessKeyProblem,
  endpointProblem,
  profileNameProblem,
  projectIdProblem,
  regionProblem,
  secretKeyProblem,
} from '../../flows/profileValidation';
import { profileLiveCheck } from '../../flows/profileLiveCheck';
import { editorProxySettings } from '../../platform/proxySettings';
import { toAbortSignal } from '../../cancellation';
import { regionItems, regionName } from '../../platform/regionNames';
import type { Services } from '../../services';

const t = vscode.l10n.t;

/** What the flow asks for; also the argument for scripted use (tests, other extensions). */
export interface CloudProfileInput {
  name: string;
  region: string;
  ak: string;
  sk: string;
  projectId?: string;
  modelartsEndpoint?: string;
  obsEndpoint?: string;
  iamEndpoint?: string;
}

/**
 * Add Cloud Profile: name, region, AK, SK, optional project id and endpoints. The profile is
 * saved only after one live call with it succeeds; AK/SK go to SecretStorage, the rest to
 * settings. Then it becomes the active platform. Returns the saved profile's name.
 */
export async function addCloudProfile(services: Services, given?: CloudProfileInput): Promise<string | undefined> {
  const taken = services.profiles.list().map((p) => p.name);
  let input = isProfileInput(given) ? checkInput(given, taken) : await askForProfile(taken);
  for (;;) {
    const problem = await checkLive(input);
    if (!problem) break;
    if (isProfileInput(given)) throw new Error(problem);
    const edit = t('Edit and Try Again');
    if ((await vscode.window.showErrorMessage(t('The profile was not saved: {0}', problem), edit)) !== edit) return undefined;
    input = await askForProfile(taken, input);
  }
  const { ak, sk, ...fields } = input;
  await services.profiles.save(fields, { ak, sk });
  await services.profiles.setActive(input.name);
  services.log.info(`Cloud profile ${input.name} saved (region ${input.region}); it is now the active platform.`);
  void vscode.window.showInformationMessage(
    t('Cloud profile {0} saved and connected. Switch back to local mode from the status bar.', input.name),
  );
  return input.name;
}

async function askForProfile(taken: readonly string[], previous?: CloudProfileInput): Promise<CloudProfileInput> {
  const others = taken.filter((n) => n !== previous?.name);
  const flow = new MultiStep(t('Add Cloud Profile'), 6);
  const customRegion = t('Other region (needs its endpoints)…');
  const result = await flow.run<CloudProfileInput & { custom: boolean }>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Profile name, e.g. work or cn-north-4'),
        value: previous?.name ?? '',
        validate: (v) => profileNameProblem(v, others, t),
      }),
    }),
    async () => {
      const items = [...regionItems(t, previous?.region), { label: customRegion, description: '', region: '', alwaysShow: true }];
      const chosen = await flow.pick({ placeholder: t('Region'), items });
      if (chosen.label !== customRegion) return { region: chosen.region, custom: false };
      return {
        region: await flow.inputBox({ prompt: t('Region id'), value: previous?.region ?? '', validate: (v) => regionProblem(v, t) }),
        custom: true,
      };
    },
    async () => ({
      ak: await flow.inputBox({
        prompt: t('Access key id (AK), from My Credentials › Access Keys in the console'),
        value: previous?.ak ?? '',
        validate: (v) => accessKeyProblem(v, t),
      }),
    }),
    async () => ({
      sk: await flow.inputBox({
        prompt: t('Secret access key (SK); kept in the system keychain, never in settings'),
        value: previous?.sk ?? '',
        password: true,
        validate: (v) => secretKeyProblem(v, t),
      }),
    }),
    async () => ({
      projectId: await flow.inputBox({
        prompt: t('Project id (optional: found through IAM when empty)'),
        value: previous?.projectId ?? '',
        validate: (v) => projectIdProblem(v, t),
      }),
    }),
    async (state) => endpointsStep(flow, state.region ?? '', state.custom === true, previous),
  ]);
  const { custom: _custom, ...input } = result;
  return input;
}

/** The region's own endpoints, or three typed ones (required for a region we do not know). */
async function endpointsStep(
  flow: MultiStep,
  region: string,
  custom: boolean,
  previous?: CloudProfileInput,
): Promise<Partial<CloudProfileInput>> {
  if (!custom) {
    const name = regionName(region, t);
    const standard = t('Use the endpoints of {0}', name ? `${name} (${region})` : region);
    const chosen = await flow.pick({
      placeholder: t('Endpoints'),
      items: [{ label: standard }, { label: t('Enter endpoints (private cloud, proxy)…') }],
    });
    if (chosen.label === standard) return {};
  }
  const ask = async (prompt: string, value: string | undefined, example: string) =>
    flow.inputBox({
      prompt,
      value: value ?? '',
      placeholder: example,
      // The message replaces the prompt while shown, so it names the endpoint it is about.
      validate: (v) => {
        const problem = custom && v === '' ? t('A region that is not listed needs this endpoint.') : endpointProblem(v, t);
        return problem && `${prompt}: ${problem}`;
      },
    });
  const modelartsEndpoint = await ask(
    t('ModelArts endpoint'),
    previous?.modelartsEndpoint,
    `https://modelarts.${region}.myhuaweicloud.com`,
  );
  const obsEndpoint = await ask(t('OBS endpoint'), previous?.obsEndpoint, `https://obs.${region}.myhuaweicloud.com`);
  const iamEndpoint = await ask(t('IAM endpoint'), previous?.iamEndpoint, `https://iam.${region}.myhuaweicloud.com`);
  return {
    ...(modelartsEndpoint ? { modelartsEndpoint } : {}),
    ...(obsEndpoint ? { obsEndpoint } : {}),
    ...(iamEndpoint ? { iamEndpoint } : {}),
  };
}

/** One live call with the new profile, under progress with cancel; what went wrong, or undefined. */
async function checkLive(input: CloudProfileInput): Promise<string | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Checking cloud profile {0}…', input.name), cancellable: true },
    async (_progress, token) => {
      const cancel = toAbortSignal(token);
      const { ak, sk, ...fields } = input;
      try {
        // The same proxy settings as the connection the profile will have (the editor's over the environment's).
        return await profileLiveCheck(fields, { ak, sk }, t, cancel.signal, editorProxySettings().settings);
      } finally {
        cancel.dispose();
      }
    },
  );
}

function isProfileInput(value: unknown): value is CloudProfileInput {
  return typeof value === 'object' && value !== null && typeof (value as CloudProfileInput).name === 'string';
}

/** The scripted form is checked by the same rules as the flow; anything wrong changes nothing. */
function checkInput(input: CloudProfileInput, taken: readonly string[]): CloudProfileInput {
  const problems = [
    profileNameProblem(input.name, taken, t),
    typeof input.region === 'string' ? regionProblem(input.region, t) : t('Enter a region id such as cn-north-4.'),
    accessKeyProblem(String(input.ak ?? ''), t),
    secretKeyProblem(String(input.sk ?? ''), t),
    projectIdProblem(input.projectId ?? '', t),
    endpointProblem(input.modelartsEndpoint ?? '', t),
    endpointProblem(input.obsEndpoint ?? '', t),
    endpointProblem(input.iamEndpoint ?? '', t),
  ].filter((p): p is string => p !== undefined);
  if (!isKnownRegion(input.region) && !(input.modelartsEndpoint && input.obsEndpoint && input.iamEndpoint))
    problems.push(t('A region that is not listed needs all three endpoints.'));
  if (problems.length > 0) throw new Error(problems.join(' '));
  return input;
}
