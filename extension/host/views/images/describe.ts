import type { Image } from '../../../core/api/resources/images';
import type { NodeDescription, Translate } from '../node';
import { mdCode, mdText } from '../markdown';

export type ImagesNode =
  | { readonly kind: 'engine'; readonly engine: string; readonly images: readonly Image[] }
  | { readonly kind: 'image'; readonly image: Image }
  /** The view's filter hides every image: a row that clears it, so the view is never a dead end. */
  | { readonly kind: 'noMatch' };

/** The engine an image belongs to: local mode says; for the cloud, read it from the name. */
export function engineOf(image: Image & { engine?: string }): string {
  if (image.engine) return image.engine;
  const name = image.name.toLowerCase();
  for (const [key, label] of [
    ['pytorch', 'PyTorch'],
    ['tensorflow', 'TensorFlow'],
    ['mindspore', 'MindSpore'],
    ['conda', 'Conda'],
  ] as const)
    if (name.includes(key)) return label;
  return image.type === 'DEDICATED' ? 'Custom' : 'Other';
}

/** Images grouped by engine, groups in name order. */
export function groupImages(images: readonly Image[]): ImagesNode[] {
  const groups = new Map<string, Image[]>();
  for (const image of images) {
    const engine = engineOf(image);
    groups.set(engine, [...(groups.get(engine) ?? []), image]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([engine, list]) => ({ kind: 'engine', engine, images: list }));
}

export function describeImagesNode(node: ImagesNode, t: Translate): NodeDescription {
  if (node.kind === 'noMatch') {
    return {
      id: 'images/noMatch',
      label: t('No image matches the filter.'),
      description: t('click to clear it'),
      icon: 'filter',
      contextValue: 'filter.noMatch',
      command: { command: 'modelarts.images.clearFilter', title: t('Clear Filter') },
    };
  }
  if (node.kind === 'engine')
    return {
      id: `engine/${node.engine}`,
      label: node.engine,
      description: String(node.images.length),
      icon: 'layers',
      contextValue: 'imageGroup',
      collapsible: 'collapsed',
    };
  const i = node.image;
  const ssh = i.dev_services?.includes('SSH');
  return {
    id: `image/${i.id}`,
    label: i.name,
    description: [i.resource_categories?.join('/'), i.type === 'DEDICATED' ? t('custom') : undefined].filter(Boolean).join(' · '),
    tooltip: [
      `**${mdText(i.name)}**`,
      i.description ? mdText(i.description) : undefined,
      `${t('Chips')}: ${mdText(i.resource_categories?.join(', ') ?? '-')}`,
      `${t('Architecture')}: ${mdText(i.arch ?? '-')}`,
      `SSH: ${ssh ? t('yes') : t('no')}`,
      `SWR: ${mdCode(i.swr_path)}`,
    ]
      .filter(Boolean)
      .join('\n\n'),
    icon: i.type === 'DEDICATED' ? 'package' : 'archive',
    contextValue: `image.${i.type === 'DEDICATED' ? 'custom' : 'preset'}`,
  };
}
