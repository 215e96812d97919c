import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LocalDiscovery } from '../../extension/core/api/client';
import { localDiscovery } from './localApi';

/**
 * Cloud profiles in the real extension host. The "cloud" is the local daemon reached through a
 * profile's endpoint overrides and its AK/SK, so the live check before saving really signs and
 * sends a request, and a wrong SK is really refused.
 */
describe('cloud profiles, in the real extension host', () => {
  const settings = () => vscode.workspace.getConfiguration('modelarts');
  const profileNames = () =>
    settings()
      .get<{ name: string }[]>('profiles', [])
      .map((p) => p.name);

  let discovery: LocalDiscovery;
  function daemonProfile(name: string, sk?: string) {
    return {
      name,
      region: 'cn-north-4',
      ak: discovery.ak,
      sk: sk ?? discovery.sk,
      projectId: discovery.project_id,
      modelartsEndpoint: discovery.endpoint,
      obsEndpoint: discovery.s3_endpoint,
      iamEndpoint: discovery.endpoint,
    };
  }

  before(async function () {
    this.timeout(90_000);
    discovery = await localDiscovery();
  });

  after(async () => {
    await vscode.commands.executeCommand('modelarts.profiles.switch', '');
    await settings().update('profiles', [], vscode.ConfigurationTarget.Global);
  });

  it('does not save a profile whose keys the platform refuses, and leaves the platform as it was', async function () {
    this.timeout(60_000);
    const saved = await vscode.commands.executeCommand('modelarts.profiles.add', daemonProfile('it-wrong', 'NotTheRightSecretKey0000'));
    assert.equal(saved, undefined);
    assert.ok(!profileNames().includes('it-wrong'), 'a profile that failed its live check was saved');
    assert.equal(settings().get('activeProfile'), '');
  });

  it('refuses bad input before any call: a name taken by local mode, an endpoint with a path', async () => {
    await vscode.commands.executeCommand('modelarts.profiles.add', { ...daemonProfile('local') });
    await vscode.commands.executeCommand('modelarts.profiles.add', {
      ...daemonProfile('it-path'),
      modelartsEndpoint: 'http://127.0.0.1:1/v1',
    });
    assert.deepEqual(profileNames(), []);
  });

  it('saves a profile that answers, keeps its keys out of settings, and switches to it and back', async function () {
    this.timeout(60_000);
    const profile = daemonProfile('it-cloud');
    assert.equal(await vscode.commands.executeCommand('modelarts.profiles.add', profile), 'it-cloud');
    assert.deepEqual(profileNames(), ['it-cloud']);
    assert.equal(settings().get('activeProfile'), 'it-cloud');
    const everySetting = JSON.stringify(settings().inspect('profiles')) + JSON.stringify(vscode.workspace.getConfiguration());
    assert.ok(!everySetting.includes(profile.sk), 'the secret key reached the settings');
    assert.ok(!everySetting.includes(profile.ak), 'the access key reached the settings');
    assert.equal(await vscode.commands.executeCommand('modelarts.profiles.switch', 'it-cloud'), 'it-cloud');
    assert.equal(await vscode.commands.executeCommand('modelarts.profiles.switch', ''), 'Local');
    assert.equal(settings().get('activeProfile'), '');
  });
});
