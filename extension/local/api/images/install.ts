import type { Image } from '../../../core/api/resources/imageTypes';
import { imageRoutes } from '../../../core/api/routes/images';
import type { DaemonContext, DaemonModule } from '../../context';
import { ApiError, Errors } from '../../http/apiError';
import { optionalString, paging, requiredString } from '../../http/json';
import type { RecordStore } from '../../store/recordStore';
import { newUuid } from '../ids';
import { pageOf } from '../paging';
import { type LocalImage, presetImages } from './catalog';

/** Every image a workspace can use: the presets, then the custom ones registered in it (or public). */
export function allImages(custom: RecordStore<LocalImage>): LocalImage[] {
  return [...presetImages(), ...custom.all()];
}

export function findImage(custom: RecordStore<LocalImage>, idOrName: string): LocalImage | undefined {
  return allImages(custom).find((i) => i.id === idOrName || i.name === idOrName);
}

export function imageNotFound(id: string): ApiError {
  return new ApiError(400, 'ModelArts.6797', `The image ${id} does not exist.`);
}

const serviceTypes: readonly string[] = ['COMMON', 'TRAIN', 'DEV', 'INFERENCE', 'UNKNOWN'];

const swrPathPattern = /^(?:[a-z0-9.-]+(?::\d+)?\/)?([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][a-z0-9_./-]*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

/** An enum list; `allowEmpty` for `services`, where none means an image only for training. */
function enumList<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: readonly T[], allowEmpty = false): T[] {
  if (value === undefined || value === null) return [...fallback];
  if (!Array.isArray(value) || (value.length === 0 && !allowEmpty)) throw Errors.badRequest(`${field} must be a non-empty array.`);
  return value.map((v) => {
    const upper = typeof v === 'string' ? v.toUpperCase() : '';
    if (!allowed.includes(upper as T)) throw Errors.badRequest(`${field} values must be among ${allowed.join(', ')}.`);
    return upper as T;
  });
}

/** Images (`/v1/{project_id}/images`): the preset catalog, and custom images registered per workspace. */
export async function installImages(ctx: DaemonContext): Promise<DaemonModule> {
  const custom = ctx.images;
  // Every answer says what a notebook made from the image really runs here: the image is a label.
  const view = (image: LocalImage): Image => ({ ...image, local_runtime: ctx.runtime });
  ctx.router.serve(imageRoutes, {
    list: ({ query }) => {
      const { offset, limit } = paging(query, 200, 1000);
      const name = query.get('name');
      const fuzzy = query.get('name_fuzzy_match') !== 'false';
      const type = query.get('type')?.toUpperCase();
      const workspace = query.get('workspace_id');
      const engine = query.get('engine')?.toLowerCase();
      const chip = query.get('resource_category')?.toUpperCase();
      const service = query.get('service')?.toUpperCase();
      const list = allImages(custom).filter(
        (i) =>
          (!name || (fuzzy ? i.name.includes(name) : i.name === name)) &&
          (!type || i.type === type) &&
          (!workspace || i.type === 'BUILD_IN' || i.workspace_id === workspace) &&
          (!engine || i.engine.toLowerCase() === engine) &&
          (!chip || i.resource_categories.includes(chip as 'CPU')) &&
          (!service || i.dev_services.includes(service as 'SSH')),
      );
      return { status: 200, body: pageOf<Image>(list.map(view), offset, limit) };
    },

    register: ({ json }) => {
      const req = json();
      const swrPath = requiredString(req, 'swr_path', 2048);
      const m = swrPathPattern.exec(swrPath);
      if (swrPath.length < 16 || !m)
        throw Errors.badRequest('swr_path must look like [registry[:port]/]namespace/name:tag (16 to 2048 characters).');
      const workspaceId = optionalString(req, 'workspace_id') ?? '0';
      ctx.requireWorkspace(workspaceId);
      const [, namespace, name, tag] = m as unknown as [string, string, string, string];
      if (custom.all().some((i) => i.swr_path === swrPath))
        throw new ApiError(400, 'ModelArts.6737', `The image ${swrPath} is already registered.`);
      const arch = (optionalString(req, 'arch') ?? 'X86_64').toUpperCase();
      if (arch !== 'X86_64' && arch !== 'AARCH64') throw Errors.badRequest('arch must be X86_64 or AARCH64.');
      // What the image is for (TRAIN, DEV, COMMON for both…); UNKNOWN when not said, as the cloud answers.
      const serviceType = (optionalString(req, 'service_type') ?? 'UNKNOWN').toUpperCase();
      if (!serviceTypes.includes(serviceType)) throw Errors.badRequest(`service_type must be one of ${serviceTypes.join(', ')}.`);
      const visibility = (optionalString(req, 'visibility') ?? 'PRIVATE').toUpperCase();
      if (visibility !== 'PRIVATE' && visibility !== 'PUBLIC') throw Errors.badRequest('visibility must be PRIVATE or PUBLIC.');
      const now = Date.now();
      const image: LocalImage = {
        id: newUuid(),
        name,
        namespace,
        tag,
        swr_path: swrPath,
        arch,
        type: 'DEDICATED',
        service_type: serviceType,
        dev_services: enumList(req.services, 'services', ['NOTEBOOK', 'SSH'] as const, ['NOTEBOOK', 'SSH'], true),
        resource_categories: enumList(req.resource_category, 'resource_category', ['CPU', 'GPU', 'ASCEND'] as const, ['CPU', 'GPU']),
        status: 'ACTIVE',
        status_message: '',
        origin: 'CUSTOMIZE',
        visibility,
        description: optionalString(req, 'description', 512) ?? '',
        create_at: now,
        update_at: now,
        workspace_id: workspaceId,
        engine: optionalString(req, 'engine', 64) ?? 'Custom',
        engine_version: optionalString(req, 'engine_version', 64) ?? tag,
        size: 0,
      };
      return { status: 200, body: view(custom.put(image)) };
    },

    get: ({ params }) => {
      const image = allImages(custom).find((i) => i.id === params.image_id);
      if (!image) throw imageNotFound(params.image_id);
      return { status: 200, body: view(image) };
    },

    delete: ({ params }) => {
      const id = params.image_id;
      if (presetImages().some((i) => i.id === id)) throw Errors.badRequest('Preset images cannot be deleted.');
      const image = custom.get(id);
      if (!image) throw imageNotFound(id);
      custom.delete(id);
      return { status: 200, body: image };
    },
  });
  return { close: async () => undefined };
}
