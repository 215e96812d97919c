/**
 * Checks for what people type into the create flows, as pure functions so they are unit-tested
 * and match what the platform accepts. Each returns a message to show, or undefined when fine.
 */
import { isValidBucketName } from '../../core/storage/urls';
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

/**
 * A new bucket's name, by the rules S3 and OBS share (core/storage/urls.ts isValidBucketName):
 * 3 to 63 lower-case letters, digits, - and ., starting and ending with a letter or digit, not
 * like an IP address. Names are unique across the platform, so one already listed is refused here.
 */
export function bucketNameProblem(name: string, taken: ReadonlySet<string>, t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (name.length < 3 || name.length > 63) return t('Use 3 to 63 characters.');
  if (!/^[a-z0-9.-]+$/.test(name)) return t('Use lower-case letters, digits, - and . only.');
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return t('Start and end with a letter or a digit.');
  if (/\.\.|\.-|-\./.test(name)) return t('No . next to another . or a -.');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return t('A bucket name cannot look like an IP address.');
  if (!isValidBucketName(name)) return t('Use 3 to 63 lower-case letters, digits, hyphens and dots.');
  if (taken.has(name)) return t('You already have a bucket named {0}.', name);
  return undefined;
}
