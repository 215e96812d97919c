import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCredentials, readProfiles } from '../../../../extension/core/config/profiles';

describe('core/config/profiles', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ma-profiles-'));
    env = { MODELARTS_CONFIG_DIR: dir };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads cloud and local profiles, and none when the file is missing', () => {
    assert.deepEqual(readProfiles(env), []);
    writeFileSync(
      path.join(dir, 'profiles.json'),
      JSON.stringify({
        profiles: [
          { name: 'bj4', region: 'cn-north-4', projectId: 'p1' },
          { name: 'here', kind: 'local', dataDir: '/tmp/x' },
        ],
      }),
    );
    assert.deepEqual(readProfiles(env), [
      { name: 'bj4', kind: 'cloud', region: 'cn-north-4', projectId: 'p1' },
      { name: 'here', kind: 'local', dataDir: '/tmp/x' },
    ]);
  });

  it('names the file and the field when a profile is wrong', () => {
    writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({ profiles: [{ name: 'bad name!', region: 'x' }] }));
    assert.throws(() => readProfiles(env), /profiles\[0\]\.name/);
    writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({ profiles: [{ name: 'ok' }] }));
    assert.throws(() => readProfiles(env), /region is required/);
    writeFileSync(path.join(dir, 'profiles.json'), '{oops');
    assert.throws(() => readProfiles(env), /not valid JSON/);
  });

  it('takes credentials from the environment first, then a 0600 file, and refuses a readable file', () => {
    const file = path.join(dir, 'credentials.json');
    writeFileSync(file, JSON.stringify({ bj4: { ak: 'AK1', sk: 'SK1' } }), { mode: 0o600 });
    assert.deepEqual(readCredentials('bj4', env), { ak: 'AK1', sk: 'SK1' });
    assert.equal(readCredentials('other', env), undefined);
    assert.deepEqual(readCredentials('bj4', { ...env, HUAWEICLOUD_SDK_AK: 'AK2', HUAWEICLOUD_SDK_SK: 'SK2' }), { ak: 'AK2', sk: 'SK2' });
    chmodSync(file, 0o644);
    assert.throws(() => readCredentials('bj4', env), /chmod 600/);
  });
});
