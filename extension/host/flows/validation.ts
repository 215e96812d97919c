/**
 * Checks for what people type into the create flows, as pure functions so they are unit-tested
 * and match what the platform accepts. Each returns a message to show, or undefined when fine.
 */
import { plural } from '../../core/util/plural';
import type { Translate } from '../views/node';

export function notebookNameProblem(name: string, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (name.length > 128) return t('At most 128 characters.');
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return t('Use letters, digits, - and _ only.');
  return undefined;
}

export function keyPairNameProblem(name: string, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return t('Use 1 to 64 letters, digits, - and _.');
  return undefined;
}

/** Auto-stop choices in hours, within the platform's 1 to 72. */
export const autoStopHours: readonly number[] = [1, 2, 4, 8, 12, 24, 72];

/** "1 hour", "2 hours": an auto-stop choice. */
export function hoursLabel(hours: number, t: Translate): string {
  return plural(hours, { one: t('{0} hour', hours), other: t('{0} hours', hours) });
}

/** "1 hour from now", "4 hours from now": a renewal choice. */
export function hoursFromNowLabel(hours: number, t: Translate): string {
  return plural(hours, { one: t('{0} hour from now', hours), other: t('{0} hours from now', hours) });
}

/** ModelArts workspace names: 4 to 64 letters (any script), digits, - and _; `default` is reserved. */
export function workspaceNameProblem(name: string, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (name === 'default') return t('The name default is reserved.');
  if (!/^[\p{L}\p{N}_-]{4,64}$/u.test(name)) return t('Use 4 to 64 letters, digits, - and _.');
  return undefined;
}
