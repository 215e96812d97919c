import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { languageOf } from '../../../extension/cli/language';
import { type CliHarness, startCliHarness } from '../../helpers/cli';

describe('cli: errors and hints in the locale’s language', function () {
  this.timeout(180_000);

  it('reads MODELARTS_LANG, then LC_ALL, LC_MESSAGES and LANG; Simplified Chinese only', () => {
    assert.equal(languageOf({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
    assert.equal(languageOf({ LC_ALL: 'zh_CN.utf8', LANG: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(languageOf({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en', 'LC_ALL wins, as POSIX says');
    assert.equal(languageOf({ LC_MESSAGES: 'zh_SG.UTF-8', LANG: 'en_GB' }), 'zh-cn');
    assert.equal(languageOf({ MODELARTS_LANG: 'zh-cn', LC_ALL: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(languageOf({ MODELARTS_LANG: 'en', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(languageOf({ LANG: 'zh-Hans' }), 'zh-cn');
    assert.equal(languageOf({ LANG: 'zh' }), 'zh-cn');
    assert.equal(languageOf({ LANG: 'zh_TW.UTF-8' }), 'en', 'no Traditional Chinese bundle: English');
    assert.equal(languageOf({ LANG: 'zh_HK.UTF-8' }), 'en');
    assert.equal(languageOf({ LANG: '' }), 'en');
    assert.equal(languageOf({}), 'en');
  });

  describe('the built modelarts command on local mode', () => {
    let cli: CliHarness;
    before(async () => {
      cli = await startCliHarness();
    });
    after(() => cli.close());

    const english = { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', MODELARTS_LANG: '' };
    const chinese = { ...english, LANG: 'zh_CN.UTF-8' };

    it('says a storage error in Chinese under zh_CN, in English otherwise', () => {
      const zh = cli.run(['obs', 'ls', 'obs://no-such-bucket-zh/'], chinese);
      assert.equal(zh.code, 1, zh.err);
      assert.match(zh.err, /桶 no-such-bucket-zh 不存在/);
      const en = cli.run(['obs', 'ls', 'obs://no-such-bucket-zh/'], english);
      assert.match(en.err, /Bucket no-such-bucket-zh does not exist/);
    });

    it('says a spec problem in Chinese with MODELARTS_LANG=zh-cn, the place first as before', () => {
      const spec = path.join(cli.home, 'bad-name.yaml');
      writeFileSync(spec, 'kind: job\nmetadata:\n  name: first run\nalgorithm:\n  command: "true"\nspec:\n  resource:\n    flavor_id: x\n');
      const zh = cli.run(['job', 'submit', spec], { ...english, MODELARTS_LANG: 'zh-cn' });
      assert.equal(zh.code, 2, zh.err);
      // The rule is quoted from the schema's Chinese description, as the sentence around it is Chinese.
      assert.match(zh.err, /bad-name\.yaml:3:9: metadata\.name 的值 "first run" 无效。应为：作业名称：1 到 64 个字母/);
    });
  });
});
