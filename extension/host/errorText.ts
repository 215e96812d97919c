import path from 'node:path';
import { describeError as describeFor } from '../core/api/errorText';
import { type FileLocation, locationOf } from '../core/util/fileLocation';
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

/** The button that opens the place an error points at (a spec's line and column), when it has one. */
export function openErrorLocation(err: unknown, t: Translate = english): { label: string; location: FileLocation } | undefined {
  const location = locationOf(err);
  return location && { label: t('Open {0}', path.basename(location.file)), location };
}
