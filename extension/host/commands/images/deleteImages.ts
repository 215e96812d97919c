import * as vscode from 'vscode';
import type { Image } from '../../../core/api/resources/images';
import type { Services } from '../../services';
import type { ImagesNode } from '../../views/images/describe';
import { confirm, pickImages } from '../pick';

const t = vscode.l10n.t;

const isCustom = (image: Image) => image.type === 'DEDICATED';

/**
 * Delete Image: unregisters custom images (the selection, the clicked node, or a pick of the
 * custom ones) after confirmation. Preset images belong to the platform and are refused by name.
 * A script may pass `{confirmed: true}` last, since it cannot answer the confirmation.
 */
export async function deleteImages(services: Services, node?: unknown, nodes?: unknown, options?: unknown): Promise<void> {
  const connection = services.session.require();
  const selected = (Array.isArray(nodes) && nodes.length > 0 ? nodes : node ? [node] : []) as ImagesNode[];
  const images =
    selected.length > 0
      ? selected.flatMap((n) => (n?.kind === 'image' ? [n.image] : []))
      : await pickImages(connection, isCustom, t('Delete which custom images?'), true);
  const presets = images.filter((i) => !isCustom(i));
  if (presets.length > 0)
    throw new Error(t('Preset images cannot be deleted: {0}. Only images you registered can.', presets.map((i) => i.name).join(', ')));
  if (images.length === 0) return;
  const names = images.map((i) => `${i.name}:${i.tag}`).join(', ');
  if (
    (options as { confirmed?: unknown } | undefined)?.confirmed !== true &&
    !(await confirm(t('Delete {0}? New notebooks and training jobs can no longer use them. This cannot be undone.', names), t('Delete')))
  )
    return;
  await Promise.all(images.map((i) => connection.api.images.delete(i.id)));
  services.trees.refresh();
}
