import * as vscode from 'vscode';
import type { Image } from '../../../core/api/resources/images';
import type { ImagesNode } from '../../views/images/describe';
import { ViewIds } from '../../views/viewIds';
import { actOnEach } from '../actOnEach';
import type { CommandHandler } from '../command';
import { askToConfirm } from '../confirm';
import { pickImages } from '../pick';
import { selectedNodes } from '../selection';

const t = vscode.l10n.t;

const isCustom = (image: Image) => image.type === 'DEDICATED';

/**
 * Delete Image: unregisters custom images (the selection, the clicked node, or a pick of the
 * custom ones) after confirmation, `{ confirmed: true }` for scripts. Preset images belong to the
 * platform: a selection that holds one is refused by name and nothing is deleted.
 */
export const deleteImages: CommandHandler<ImagesNode> = async (services, node, nodes, options) => {
  const connection = services.session.require();
  const selected = selectedNodes('image', node, nodes);
  const images =
    selected.length > 0 ? selected.map((n) => n.image) : await pickImages(connection, isCustom, t('Delete which custom images?'), true);
  const presets = images.filter((i) => !isCustom(i));
  if (presets.length > 0)
    throw new Error(t('Preset images cannot be deleted: {0}. Only images you registered can.', presets.map((i) => i.name).join(', ')));
  if (images.length === 0) return undefined;
  const names = images.map((i) => `${i.name}:${i.tag}`).join(', ');
  const question = t('Delete {0}? New notebooks and training jobs can no longer use them. This cannot be undone.', names);
  if (!(await askToConfirm(options, question, t('Delete')))) return undefined;
  return actOnEach(services, images, {
    act: (i) => connection.api.images.delete(i.id),
    nameOf: (i) => `${i.name}:${i.tag}`,
    couldNot: (name, reason) => t('Could not delete {0}: {1}', name, reason),
    refresh: [ViewIds.images],
  });
};
