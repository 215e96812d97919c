import assert from 'node:assert/strict';
import { IgnoreRules } from '../../../../../extension/core/ssh/sync/ignoreRules';

describe('core/ssh/sync IgnoreRules', () => {
  it('always skips .git, folder or file, even with gitignore off', () => {
    const rules = new IgnoreRules(false);
    assert.equal(rules.isIgnored('.git', true), true);
    assert.equal(rules.isIgnored('sub/.git', false), true);
    assert.equal(rules.isIgnored('.gitignore', false), false);
    rules.add('', '*');
    assert.equal(rules.isIgnored('a.txt', false), false, 'gitignore off: rules are not used');
  });

  it('matches folder-only patterns against folders only', () => {
    const rules = new IgnoreRules();
    rules.add('', 'build/\n');
    assert.equal(rules.isIgnored('build', true), true);
    assert.equal(rules.isIgnored('build', false), false);
    assert.equal(rules.isIgnored('src/build', true), true);
  });

  it('applies a nested .gitignore relative to its folder, and the deepest matching rule wins', () => {
    const rules = new IgnoreRules();
    rules.add('', '*.log\n/top-only.txt\n');
    rules.add('sub', '!keep.log\nsecret.txt\n');
    assert.equal(rules.isIgnored('a.log', false), true);
    assert.equal(rules.isIgnored('sub/x.log', false), true, 'root rules reach into sub folders');
    assert.equal(rules.isIgnored('sub/keep.log', false), false, 'nested negation re-includes');
    assert.equal(rules.isIgnored('sub/deeper/keep.log', false), false);
    assert.equal(rules.isIgnored('sub/secret.txt', false), true);
    assert.equal(rules.isIgnored('secret.txt', false), false, 'nested rules do not apply above their folder');
    assert.equal(rules.isIgnored('top-only.txt', false), true);
    assert.equal(rules.isIgnored('sub/top-only.txt', false), false, 'anchored patterns are anchored to their own folder');
  });

  it('is case-sensitive, as git is on Linux', () => {
    const rules = new IgnoreRules();
    rules.add('', 'Data/\n');
    assert.equal(rules.isIgnored('Data', true), true);
    assert.equal(rules.isIgnored('data', true), false);
  });

  it('handles unicode names', () => {
    const rules = new IgnoreRules();
    rules.add('', '数据/\n*.临时\n');
    assert.equal(rules.isIgnored('数据', true), true);
    assert.equal(rules.isIgnored('模型.临时', false), true);
    assert.equal(rules.isIgnored('模型.py', false), false);
  });
});
