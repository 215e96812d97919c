import * as vscode from 'vscode';
import { isKnownRegion, knownRegions } from '../../../core/api/regions';
import { abortError } from '../../../core/util/abort';
import { regionItems } from '../../platform/regionNames';
import type { Services } from '../../services';

/**
 * Moves the active cloud profile to another region. A project id belongs to one region, so it
 * is dropped and found again through IAM; a profile with its own endpoints is edited in settings.
 */
export async function switchRegion(services: Services, region?: string): Promise<string | undefined> {
  const profile = services.profiles.get(services.profiles.activeName());
  if (!profile)
    throw new Error(vscode.l10n.t('Local mode has no regions. Switch to a cloud profile first, or add one with Add Cloud Profile.'));
  if (profile.modelartsEndpoint || profile.obsEndpoint || profile.iamEndpoint) {
    throw new Error(
      vscode.l10n.t(
        'Profile {0} uses its own endpoints; change its region and endpoints together in the modelarts.profiles setting.',
        profile.name,
      ),
    );
  }
  const target = typeof region === 'string' ? region : await pickRegion(profile.region);
  if (!isKnownRegion(target)) throw new Error(vscode.l10n.t('Unknown region {0}. Use one of: {1}.', target, knownRegions.join(', ')));
  if (target === profile.region) return target;
  const { projectId: _regionScoped, ...rest } = profile;
  await services.profiles.update({ ...rest, region: target });
  await services.platform.apply();
  return target;
}

async function pickRegion(current: string): Promise<string> {
  const chosen = await vscode.window.showQuickPick(regionItems(vscode.l10n.t, current), {
    placeHolder: vscode.l10n.t('Switch to which region?'),
    matchOnDescription: true,
  });
  if (!chosen) throw abortError();
  return chosen.region;
}
