import * as vscode from 'vscode';
import type { Image } from '../../../core/api/resources/images';
import { MultiStep } from '../../flows/multiStep';
import {
  defaultSwrLocation,
  imageDescriptionProblem,
  imageNameProblem,
  imageRegisterRequest,
  type ImageRegistration,
  imageTagProblem,
  registrationProblem,
  swrLocationProblem,
  swrPathOf,
  swrPathProblem,
} from '../../flows/imageRegistration';
import type { Services } from '../../services';
import { chipLabel, imageChips, matchesImageFilter } from '../../views/images/filter';
import { ViewIds } from '../../views/viewIds';

const t = vscode.l10n.t;

/** A registration a script passed instead of going through the flow. */
function isScriptedRegistration(arg: unknown): arg is ImageRegistration {
  if (typeof arg !== 'object' || arg === null) return false;
  const r = arg as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    typeof r.location === 'string' &&
    typeof r.tag === 'string' &&
    Array.isArray(r.chips) &&
    Array.isArray(r.services)
  );
}

/** The six steps: name, registry and organisation, tag, chips, services, description. */
function askRegistration(region: string | undefined, registered: ReadonlySet<string>): Promise<ImageRegistration> {
  const flow = new MultiStep(t('Register Image'), 6);
  return flow.run<ImageRegistration>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Image name: its repository in SWR'),
        placeholder: 'my-trainer',
        validate: (v) => imageNameProblem(v, t),
      }),
    }),
    async () => ({
      location: await flow.inputBox({
        prompt: t('SWR registry and organisation the image is in'),
        value: defaultSwrLocation(region),
        placeholder: 'swr.cn-north-4.myhuaweicloud.com/my-team',
        validate: (v) => swrLocationProblem(v, t),
      }),
    }),
    async (s) => ({
      tag: await flow.inputBox({
        prompt: t('Version (tag)'),
        value: 'latest',
        validate: (v) =>
          imageTagProblem(v, t) ?? swrPathProblem(swrPathOf({ location: s.location ?? '', name: s.name ?? '', tag: v }), registered, t),
      }),
    }),
    async () => {
      // CPU and GPU start checked: what the platform assumes when a registration names no chip.
      const items = imageChips.map((chip) => ({ label: chipLabel(chip), picked: chip !== 'ASCEND', chip }));
      return {
        chips: (await flow.pickMany({ placeholder: t('Chips the image runs on'), tooFew: t('Check at least one chip.'), items })).map(
          (i) => i.chip,
        ),
      };
    },
    async () => {
      const items = [
        { label: t('Notebook'), description: t('JupyterLab and SSH remote development'), picked: true, service: 'notebook' as const },
        { label: t('Training'), description: t('training jobs'), picked: true, service: 'training' as const },
      ];
      return {
        services: (await flow.pickMany({ placeholder: t('What the image is for'), tooFew: t('Check at least one service.'), items })).map(
          (i) => i.service,
        ),
      };
    },
    async () => ({
      description: await flow.inputBox({ prompt: t('Description (optional)'), validate: (v) => imageDescriptionProblem(v, t) }),
    }),
  ]);
}

/**
 * Register Image…: records a custom image from SWR with the platform, for notebooks, training or
 * both. A script may pass the registration instead of going through the steps. Returns the image.
 */
export async function registerImage(services: Services, registration?: ImageRegistration): Promise<Image> {
  const connection = services.session.require();
  const api = connection.api;
  const registered = new Set((await api.images.listAll({ workspaceId: connection.workspaceId, type: 'DEDICATED' })).map((i) => i.swr_path));
  const r = isScriptedRegistration(registration) ? registration : await askRegistration(connection.region, registered);
  const problem = registrationProblem(r, registered, t);
  if (problem) throw new Error(problem);
  const image = await api.images.register(imageRegisterRequest(r, connection.workspaceId));
  services.trees.refresh(ViewIds.images);
  // A filter that hides the new image would make it look lost: say so, with the way out.
  const filter = services.filters.images.current();
  if (filter && !matchesImageFilter(image, filter)) {
    const clear = t('Clear Filter');
    void vscode.window
      .showInformationMessage(t('Image {0} registered; the filter of the Images view hides it.', image.swr_path), clear)
      .then((choice) => {
        if (choice === clear) void services.filters.images.set(undefined);
      });
  } else {
    void vscode.window.showInformationMessage(t('Image {0} registered.', image.swr_path));
  }
  return image;
}
