import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { knownRegions } from '../../../extension/core/api/regions';
import { english } from '../../../extension/core/util/translate';
import { regionItems, regionName } from '../../../extension/host/platform/regionNames';
import { repoRoot } from '../../helpers/repo';

describe('host/platform: region names', () => {
  it('names every known region as the console does, in English and Chinese', () => {
    assert.equal(regionName('cn-north-4', english), 'CN North-Beijing4');
    assert.equal(regionName('ap-southeast-3', english), 'AP-Singapore');
    const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.equal(zh[regionName('cn-north-4', english) ?? ''], '华北-北京四');
    for (const region of knownRegions) {
      const name = regionName(region, english);
      assert.ok(name, `${region} has no name`);
      assert.ok(zh[name], `${region}: no Chinese name for ${name}`);
    }
    assert.equal(new Set(knownRegions.map((r) => regionName(r, english))).size, knownRegions.length, 'two regions share a name');
    assert.equal(regionName('cn-nort-4', english), undefined);
  });

  it('picker rows read the name and keep the code beside it, the current one marked', () => {
    const items = regionItems(english, 'cn-north-4');
    assert.equal(items.length, knownRegions.length);
    const current = items.find((i) => i.region === 'cn-north-4');
    assert.deepEqual(current, { label: 'CN North-Beijing4', description: 'cn-north-4 · current', region: 'cn-north-4', picked: true });
    assert.deepEqual(
      items.find((i) => i.region === 'cn-east-3'),
      { label: 'CN East-Shanghai1', description: 'cn-east-3', region: 'cn-east-3' },
    );
  });
});
