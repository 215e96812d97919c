import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readJson, repoRoot } from '../../helpers/repo';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const manifest = readJson<{ contributes: { walkthroughs: { id: string; steps: Step[] }[]; commands: { command: string }[] } }>(
  'package.json',
);
const nlsEn = readJson<Record<string, string>>('package.nls.json');
const nlsZh = readJson<Record<string, string>>('package.nls.zh-cn.json');

describe('project: the Get Started walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'getStarted');
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

  it('goes local mode → cloud profile → notebook → connect → training job', () => {
    assert.deepEqual(
      walkthrough?.steps.map((s) => s.id),
      ['localMode', 'cloudProfile', 'notebook', 'connect', 'trainingJob'],
    );
  });

  it('has a markdown page that ships in the .vsix for every step', () => {
    for (const step of walkthrough?.steps ?? []) {
      assert.ok(step.media.markdown, `${step.id} has no markdown`);
      assert.ok(existsSync(path.join(repoRoot, step.media.markdown)), `${step.media.markdown} is missing`);
      assert.match(step.media.markdown, /^media\//, 'only media/** is packaged');
    }
  });

  it('links and completes only on commands the extension contributes, in both languages', () => {
    for (const step of walkthrough?.steps ?? []) {
      for (const nls of [nlsEn, nlsZh]) {
        const text = nls[step.description.slice(1, -1)];
        assert.ok(text, `no text for ${step.description}`);
        const links = [...text.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1] as string);
        assert.ok(links.length > 0, `${step.id} has no action link`);
        for (const id of links) assert.ok(contributed.has(id), `${step.id} links to ${id}, which is not contributed`);
      }
      for (const event of step.completionEvents ?? []) {
        if (event.startsWith('onCommand:'))
          assert.ok(contributed.has(event.slice('onCommand:'.length)), `${step.id} completes on unknown ${event}`);
      }
    }
  });
});
