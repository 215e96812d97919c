/**
 * Register Image: the checks on what people type and the request it becomes, as pure functions.
 * The rules are the platform's (modelarts-api.md §5, and local mode's validator in
 * extension/local/api/images.ts): `swr_path` is `[registry[:port]/]namespace/name:tag`, 16 to 2048
 * characters, lower-case except the tag; the description is at most 512 characters.
 */
import type { ImageRegisterRequest, ResourceCategory } from '../../core/api/resources/images';
import { type ImageService, imageChips, imageServiceKinds } from '../views/images/filter';
import type { Translate } from '../views/node';

/** What the flow collects (and what a script may pass to the command instead). */
export interface ImageRegistration {
  /** The repository name, e.g. `trainer`. */
  readonly name: string;
  /** Registry and organisation, e.g. `swr.cn-north-4.myhuaweicloud.com/my-team`. */
  readonly location: string;
  readonly tag: string;
  readonly chips: readonly ResourceCategory[];
  readonly services: readonly ImageService[];
  readonly description?: string;
}

/** The platform's whole-path rule, the same expression local mode checks. */
const swrPathPattern = /^(?:[a-z0-9.-]+(?::\d+)?\/)?([a-z0-9][a-z0-9_.-]*)\/([a-z0-9][a-z0-9_./-]*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

export function imageNameProblem(name: string, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (!/^[a-z0-9][a-z0-9_./-]*$/.test(name)) return t('Use lower-case letters, digits, _ . / and -, starting with a letter or digit.');
  return undefined;
}

/** The part before the name: an optional registry (host[:port]) and the organisation. */
export function swrLocationProblem(location: string, t: Translate): string | undefined {
  const trimmed = location.replace(/\/+$/, '');
  if (trimmed === '') return t('Enter the registry and organisation, e.g. swr.cn-north-4.myhuaweicloud.com/my-team.');
  if (!/^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9][a-z0-9_.-]*$/.test(trimmed))
    return t('Write it as registry/organisation (or just the organisation), in lower-case letters, digits, . _ and -.');
  return undefined;
}

export function imageTagProblem(tag: string, t: Translate): string | undefined {
  if (tag.trim() === '') return t('Enter a tag, e.g. latest or v1.0.');
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return t('Use up to 128 letters, digits, _ . and -, not starting with . or -.');
  return undefined;
}

/** `location/name:tag`, the location's trailing slashes dropped. */
export function swrPathOf(r: Pick<ImageRegistration, 'location' | 'name' | 'tag'>): string {
  return `${r.location.replace(/\/+$/, '')}/${r.name}:${r.tag}`;
}

/** Checks the assembled path; `registered` holds the SWR paths already registered. */
export function swrPathProblem(path: string, registered: ReadonlySet<string>, t: Translate): string | undefined {
  if (path.length < 16 || path.length > 2048)
    return t('The SWR path {0} must be 16 to 2048 characters long; add the registry to the location.', path);
  if (!swrPathPattern.test(path)) return t('{0} is not an SWR path like registry/organisation/name:tag.', path);
  if (registered.has(path)) return t('{0} is already registered.', path);
  return undefined;
}

export function imageDescriptionProblem(description: string, t: Translate): string | undefined {
  return description.length > 512 ? t('At most 512 characters.') : undefined;
}

/**
 * Where the location step starts: the region's SWR registry on the cloud (the organisation still
 * to be typed), and a made-up local registry in local mode, which only records the path.
 */
export function defaultSwrLocation(region: string | undefined): string {
  return region ? `swr.${region}.myhuaweicloud.com/` : 'swr.local/';
}

/** Every problem of a registration a script passed in, or undefined when it can be sent. */
export function registrationProblem(r: ImageRegistration, registered: ReadonlySet<string>, t: Translate): string | undefined {
  return (
    imageNameProblem(r.name, t) ??
    swrLocationProblem(r.location, t) ??
    imageTagProblem(r.tag, t) ??
    swrPathProblem(swrPathOf(r), registered, t) ??
    (r.chips.length > 0 && r.chips.every((c) => imageChips.includes(c)) ? undefined : t('Choose one or more chips: CPU, GPU, ASCEND.')) ??
    (r.services.length > 0 && r.services.every((s) => imageServiceKinds.includes(s))
      ? undefined
      : t('Choose one or more services: notebook, training.')) ??
    imageDescriptionProblem(r.description ?? '', t)
  );
}

/**
 * The register body. Services span two fields: notebooks need NOTEBOOK (and SSH, which this
 * extension connects through) in `services`, and `service_type` says COMMON (notebooks and
 * training), TRAIN or DEV. A training-only image sends an empty `services`: local mode takes it
 * as "no dev services"; the cloud reference documents only the default (both), so this is the
 * one field to check first if the cloud refuses a training-only registration. Ascend images are
 * ARM builds (the platform's Ascend images are all aarch64), so choosing Ascend makes the
 * architecture AARCH64.
 */
export function imageRegisterRequest(r: ImageRegistration, workspaceId: string): ImageRegisterRequest {
  const notebook = r.services.includes('notebook');
  const training = r.services.includes('training');
  return {
    swr_path: swrPathOf(r),
    arch: r.chips.includes('ASCEND') ? 'AARCH64' : 'X86_64',
    resource_category: [...r.chips],
    services: notebook ? ['NOTEBOOK', 'SSH'] : [],
    service_type: notebook && training ? 'COMMON' : training ? 'TRAIN' : 'DEV',
    workspace_id: workspaceId,
    ...(r.description ? { description: r.description } : {}),
  };
}
