import * as vscode from 'vscode';
import type { ResourceCategory } from '../../../core/api/resources/images';
import { abortError } from '../../../core/util/abort';
import type { Services } from '../../services';
import {
  chipLabel,
  type ImageFilter,
  type ImageService,
  imageChips,
  imageServiceKinds,
  parseImageFilter,
  serviceLabel,
} from '../../views/images/filter';

const t = vscode.l10n.t;

type Item = vscode.QuickPickItem & { readonly chip?: ResourceCategory; readonly service?: ImageService };

/** A filter a script passed (`{chips: ['GPU'], services: ['training']}`), told apart from anything else VS Code may pass. */
function isScriptedFilter(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && ('chips' in arg || 'services' in arg);
}

/**
 * Filter Images…: one multi-select pick of chips and services, the filter in force checked;
 * unchecking everything shows every image again. Returns the filter now in force.
 */
export async function filterImages(services: Services, filter?: unknown): Promise<ImageFilter | undefined> {
  if (isScriptedFilter(filter)) return services.filters.images.set(parseImageFilter(filter));
  const current = services.filters.images.current();
  const items: Item[] = [
    { label: t('Chips'), kind: vscode.QuickPickItemKind.Separator },
    ...imageChips.map((chip): Item => ({ label: chipLabel(chip), picked: current?.chips.includes(chip) ?? false, chip })),
    { label: t('Services'), kind: vscode.QuickPickItemKind.Separator },
    ...imageServiceKinds.map((service): Item => ({
      label: serviceLabel(service, t),
      description: service === 'notebook' ? t('for notebooks') : t('for training jobs'),
      picked: current?.services.includes(service) ?? false,
      service,
    })),
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: t('Filter Images'),
    placeHolder: t('Chips and services to show (none: all)'),
  });
  if (!chosen) throw abortError();
  return services.filters.images.set(
    parseImageFilter({
      chips: chosen.flatMap((i) => (i.chip ? [i.chip] : [])),
      services: chosen.flatMap((i) => (i.service ? [i.service] : [])),
    }),
  );
}

/** Clear Filter: every image again. */
export async function clearImageFilter(services: Services): Promise<void> {
  await services.filters.images.set(undefined);
}
