import { describeError as describeFor } from '../core/api/errorText';
import { english, type Translate } from '../core/util/translate';

export { errorForLog } from '../core/api/errorText';

/**
 * What to tell the user in the editor about a failure: the shared formatter (core/api/errorText)
 * with advice that names views and actions. Host code passes `vscode.l10n.t`; `keysEntered` words
 * key advice for keys just typed in (Add Cloud Profile). (No `vscode` import: unit-tested.)
 */
export function describeError(err: unknown, t: Translate = english, opts: { keysEntered?: boolean } = {}): string {
  return describeFor(err, { surface: 'editor', t, ...opts });
}
