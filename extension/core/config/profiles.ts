import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Named profiles for the command line. A profile says where (cloud region, project, endpoint
 * overrides, or local mode's data dir); secrets live apart from it, in a 0600 credentials file or
 * in the environment, never in the profiles file. (The extension keeps the same profile fields in
 * its settings and the secrets in VS Code's SecretStorage.)
 */
export type Profile =
  | {
      readonly name: string;
      readonly kind: 'cloud';
      readonly region: string;
      readonly projectId?: string;
      readonly modelartsEndpoint?: string;
      readonly obsEndpoint?: string;
      readonly iamEndpoint?: string;
    }
  | { readonly name: string; readonly kind: 'local'; readonly dataDir?: string };

export interface AkSk {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken?: string;
}

/** `~/.modelarts` unless MODELARTS_CONFIG_DIR says otherwise (tests, CI). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MODELARTS_CONFIG_DIR || path.join(os.homedir(), '.modelarts');
}

export function profilesFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'profiles.json');
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(configDir(env), 'credentials.json');
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Reads and validates the profiles file; a missing file is no profiles. Errors name the file and the problem. */
export function readProfiles(env: NodeJS.ProcessEnv = process.env): Profile[] {
  const file = profilesFile(env);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON.`);
  }
  const list = (parsed as { profiles?: unknown }).profiles;
  if (!Array.isArray(list)) throw new Error(`${file} must hold {"profiles": [...]}.`);
  return list.map((p, i) => validateProfile(p, `${file}: profiles[${i}]`));
}

function validateProfile(value: unknown, where: string): Profile {
  if (typeof value !== 'object' || value === null) throw new Error(`${where} must be an object.`);
  const p = value as Record<string, unknown>;
  if (typeof p.name !== 'string' || !namePattern.test(p.name)) throw new Error(`${where}.name must be letters, digits, '.', '_' or '-'.`);
  const kind = p.kind ?? 'cloud';
  if (kind === 'local') return { name: p.name, kind: 'local', ...(typeof p.dataDir === 'string' ? { dataDir: p.dataDir } : {}) };
  if (kind !== 'cloud') throw new Error(`${where}.kind must be "cloud" or "local".`);
  if (typeof p.region !== 'string' || p.region === '') throw new Error(`${where}.region is required for a cloud profile.`);
  const optional = (field: string) => {
    const v = p[field];
    if (v === undefined) return {};
    if (typeof v !== 'string') throw new Error(`${where}.${field} must be a string.`);
    return { [field]: v };
  };
  return {
    name: p.name,
    kind: 'cloud',
    region: p.region,
    ...optional('projectId'),
    ...optional('modelartsEndpoint'),
    ...optional('obsEndpoint'),
    ...optional('iamEndpoint'),
  };
}

/**
 * The AK/SK for a profile: the environment (HUAWEICLOUD_SDK_AK / _SK, optional
 * HUAWEICLOUD_SDK_SECURITY_TOKEN) wins, then the credentials file, which must be 0600.
 */
export function readCredentials(profileName: string, env: NodeJS.ProcessEnv = process.env): AkSk | undefined {
  if (env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK) {
    return {
      ak: env.HUAWEICLOUD_SDK_AK,
      sk: env.HUAWEICLOUD_SDK_SK,
      ...(env.HUAWEICLOUD_SDK_SECURITY_TOKEN ? { securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN } : {}),
    };
  }
  const file = credentialsFile(env);
  if (!existsSync(file)) return undefined;
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} can be read by other users; run: chmod 600 ${file}`);
  }
  let parsed: Record<string, { ak?: unknown; sk?: unknown; securityToken?: unknown }>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch {
    throw new Error(`${file} is not valid JSON.`);
  }
  const entry = parsed[profileName];
  if (!entry) return undefined;
  if (typeof entry.ak !== 'string' || typeof entry.sk !== 'string')
    throw new Error(`${file}: "${profileName}" needs string "ak" and "sk".`);
  return { ak: entry.ak, sk: entry.sk, ...(typeof entry.securityToken === 'string' ? { securityToken: entry.securityToken } : {}) };
}

/** Creates the config dir 0700. */
export function ensureConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
