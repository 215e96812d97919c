import * as vscode from 'vscode';
import type { LocalModeStatus } from '../../localMode';
import type { Services } from '../../services';
import type { CommandOptions } from '../command';
import { askToConfirm } from '../confirm';

/**
 * Stops local mode's daemon after a confirmation (`{ confirmed: true }` for scripts): that ends
 * every local notebook and training job it runs, for every window and for the command line.
 */
export async function stopLocalMode(services: Services, options?: CommandOptions): Promise<LocalModeStatus | undefined> {
  const question = vscode.l10n.t('Stop local mode? Its running notebooks and training jobs stop too; their files are kept.');
  if (!(await askToConfirm(options, question, vscode.l10n.t('Stop Local Mode')))) return undefined;
  return services.localMode.stop();
}
