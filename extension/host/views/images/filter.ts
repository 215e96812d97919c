import type { Image, ResourceCategory } from '../../../core/api/resources/images';
import type { Translate } from '../node';

/** What an image is offered for, as the filter and the Register Image flow name it. */
export type ImageService = 'notebook' | 'training';

export const imageChips: readonly ResourceCategory[] = ['CPU', 'GPU', 'ASCEND'];
export const imageServiceKinds: readonly ImageService[] = ['notebook', 'training'];

/**
 * The Images view's filter. Within a list any value matches (GPU or Ascend); across the two
 * lists both must match (GPU or Ascend, and offered for training). An empty list means "any".
 */
export interface ImageFilter {
  readonly chips: readonly ResourceCategory[];
  readonly services: readonly ImageService[];
}

/**
 * The services an image offers. The API keeps them in two fields: `dev_services` lists NOTEBOOK
 * when notebooks can run it, and `service_type` is TRAIN (training only) or COMMON (notebooks and
 * training). DEV and INFERENCE are not training, and UNKNOWN, what the cloud answers for an image
 * registered without a service type, is not counted as training: nothing says it was built for it.
 */
export function imageServices(image: Pick<Image, 'dev_services' | 'service_type'>): ImageService[] {
  const services: ImageService[] = [];
  if ((image.dev_services ?? []).some((s) => s.toUpperCase() === 'NOTEBOOK')) services.push('notebook');
  const type = (image.service_type ?? '').toUpperCase();
  if (type === 'TRAIN' || type === 'COMMON') services.push('training');
  return services;
}

/** The chips an image runs on (answers say `resource_categories`; some cloud ones `support_res_categories`). */
export function imageChipsOf(image: Pick<Image, 'resource_categories' | 'support_res_categories'>): ResourceCategory[] {
  return [...(image.resource_categories ?? image.support_res_categories ?? [])].map((c) => c.toUpperCase() as ResourceCategory);
}

export function matchesImageFilter(image: Image, filter: ImageFilter): boolean {
  const chips = imageChipsOf(image);
  const services = imageServices(image);
  return (
    (filter.chips.length === 0 || filter.chips.some((c) => chips.includes(c))) &&
    (filter.services.length === 0 || filter.services.some((s) => services.includes(s)))
  );
}

/** `Ascend` as people write it; CPU and GPU as they are. */
export function chipLabel(chip: ResourceCategory): string {
  return chip === 'ASCEND' ? 'Ascend' : chip;
}

/** Literal calls, so the translation check sees both names. */
export function serviceLabel(service: ImageService, t: Translate): string {
  return service === 'notebook' ? t('Notebook') : t('Training');
}

/** What the view's description shows while filtered, e.g. `GPU, Ascend · Training`. */
export function describeImageFilter(filter: ImageFilter, t: Translate): string {
  return [filter.chips.map(chipLabel).join(', '), filter.services.map((s) => serviceLabel(s, t)).join(', ')].filter(Boolean).join(' · ');
}

/**
 * A filter from what was stored (or passed to the command by a script): unknown values are
 * dropped, and a filter that selects nothing is no filter (undefined).
 */
export function parseImageFilter(raw: unknown): ImageFilter | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { chips, services } = raw as { chips?: unknown; services?: unknown };
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
  const filter: ImageFilter = {
    chips: imageChips.filter((c) => list(chips).some((v) => v.toUpperCase() === c)),
    services: imageServiceKinds.filter((s) => list(services).some((v) => v.toLowerCase() === s)),
  };
  return filter.chips.length + filter.services.length > 0 ? filter : undefined;
}
