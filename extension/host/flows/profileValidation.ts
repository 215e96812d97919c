/**
 * Checks for the Add Cloud Profile flow (and its scripted form), as pure functions: each returns
 * a message to show, or undefined when the value is fine.
 */
import type { Translate } from '../views/node';

/** Same rule as the `modelarts.profiles` setting's schema and the CLI's profiles file. */
export function profileNameProblem(name: string, taken: readonly string[], t: Translate): string | undefined {
  if (name.trim() === '') return t('Enter a name.');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) return t('Start with a letter or digit; then up to 63 letters, digits, ., _ or -.');
  if (name.toLowerCase() === 'local') return t('The name Local is reserved for local mode.');
  if (taken.includes(name)) return t('A profile named {0} already exists.', name);
  return undefined;
}

/** Huawei Cloud access key ids are 20 upper-case letters and digits; other clouds differ a little. */
export function accessKeyProblem(ak: string, t: Translate): string | undefined {
  if (ak.trim() === '') return t('Enter the access key id (AK).');
  if (!/^[A-Za-z0-9]{8,128}$/.test(ak)) return t('An access key id is letters and digits only (20 on Huawei Cloud), with no spaces.');
  return undefined;
}

export function secretKeyProblem(sk: string, t: Translate): string | undefined {
  if (sk === '') return t('Enter the secret access key (SK).');
  if (/\s/.test(sk)) return t('A secret access key has no spaces; check that nothing extra was pasted.');
  if (sk.length < 8 || sk.length > 256) return t('A secret access key is 8 to 256 characters (40 on Huawei Cloud).');
  return undefined;
}

/** Optional: empty means "discover it through IAM". */
export function projectIdProblem(id: string, t: Translate): string | undefined {
  if (id === '') return undefined;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return t('A project id is letters, digits, - and _ (32 hexadecimal characters on Huawei Cloud).');
  return undefined;
}

/** Optional endpoint overrides: an http(s) URL with no path, query or credentials. */
export function endpointProblem(url: string, t: Translate): string | undefined {
  if (url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return t('Enter a URL such as https://modelarts.cn-north-4.myhuaweicloud.com.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return t('Use an https:// (or http://) URL.');
  if (parsed.username || parsed.password) return t('Leave credentials out of the URL; the profile signs its requests.');
  if ((parsed.pathname !== '/' && parsed.pathname !== '') || parsed.search || parsed.hash)
    return t('Give only scheme, host and port, with no path.');
  return undefined;
}

/** A region id as used in host names (cn-north-4); a region we do not know needs all endpoints. */
export function regionProblem(region: string, t: Translate): string | undefined {
  if (region.trim() === '') return t('Enter a region id such as cn-north-4.');
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(region)) return t('A region id is lower-case letters, digits and -, such as cn-north-4.');
  return undefined;
}
