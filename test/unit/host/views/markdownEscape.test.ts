import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { Notebook } from '../../../../extension/core/api/resources/notebookTypes';
import type { TrainingJob } from '../../../../extension/core/api/resources/trainingJobTypes';
import { english } from '../../../../extension/core/util/translate';
import { describeDataset } from '../../../../extension/host/views/datasets/describe';
import { describeImagesNode } from '../../../../extension/host/views/images/describe';
import { mdCode, mdText } from '../../../../extension/host/views/markdown';
import { describeCommon } from '../../../../extension/host/views/node';
import { describeNotebook } from '../../../../extension/host/views/notebooks/describe';
import { describeStorageNode } from '../../../../extension/host/views/storage/describe';
import { describeJobsNode } from '../../../../extension/host/views/trainingJobs/describe';
import { describeWorkspace } from '../../../../extension/host/views/workspaces/describe';

/** Text a platform user chose, aimed at a Markdown tooltip: emphasis, a command link, an image, HTML, a heading, an autolink. */
const hostile = '**x** [a](command:modelarts.local.stop) ![i](https://evil.example/p.png) <img src=x> `c`\n# h https://evil.example';

/**
 * A real CommonMark renderer, with HTML and bare-URL links on, the most a hover renderer could
 * allow. markdown-it is here through @vscode/vsce (which renders the README with it); it has no
 * types of its own, hence the shape below.
 */
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: { html: boolean; linkify: boolean }) => {
  render(markdown: string): string;
};
const renderer = new MarkdownIt({ html: true, linkify: true });
const render = (markdown: string): string => renderer.render(markdown);

/** Nothing the platform wrote became markup: no link, image, HTML element, heading or emphasis from it. */
function assertInert(markdown: string): void {
  const html = render(markdown);
  assert.doesNotMatch(html, /<a\b/, `a link in ${html}`);
  assert.doesNotMatch(html, /<img\b/, `an image in ${html}`);
  assert.doesNotMatch(html, /<h\d/, `a heading in ${html}`);
  assert.doesNotMatch(html, /<strong>x<\/strong>/, `emphasis in ${html}`);
  assert.doesNotMatch(html, /href=|src=["']?https/, `a URL in ${html}`);
}

describe('host/views: platform text in Markdown tooltips is escaped', () => {
  it('shows text as itself: the renderer prints the characters, not markup', () => {
    const html = render(mdText(hostile));
    assertInert(mdText(hostile));
    assert.match(html, /\*\*x\*\* \[a\]\(command:modelarts\.local\.stop\)/);
    assert.match(html, /&lt;img src=x&gt;/);
  });

  it('keeps a code span closed whatever backticks the text holds', () => {
    for (const text of ['a`b', '``x', 'y`', '[a](command:x)']) {
      const html = render(`id: ${mdCode(text)}`);
      assert.doesNotMatch(html, /<a\b/);
      const inner = /<code>(.*)<\/code>/.exec(html)?.[1] ?? '';
      assert.equal(
        inner
          .replace(/&#39;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&'),
        text,
      );
    }
  });

  it('escapes names, descriptions, statuses and messages in every view’s tooltip', () => {
    const nb = {
      id: 'nb-1',
      name: hostile,
      status: 'ERROR',
      fail_reason: hostile,
      flavor: hostile,
      image: { id: 'i', name: hostile, swr_path: 'swr/`x`' },
    } as unknown as Notebook;
    const job = {
      metadata: { id: 'job-1`[a](command:x)`', name: hostile, create_time: 0 },
      status: { phase: 'Failed', secondary_phase: 'Failed', duration: 0, task_statuses: [{ task: 'w', exit_code: 3, message: hostile }] },
      spec: { resource: { flavor_id: hostile, node_count: 1 } },
      algorithm: {},
    } as unknown as TrainingJob;
    const tooltips = [
      describeNotebook({ kind: 'notebook', notebook: nb }, english).tooltip,
      describeJobsNode({ kind: 'job', job }, english).tooltip,
      describeWorkspace(
        { kind: 'workspace', workspace: { id: 'w', name: hostile, description: hostile, status: hostile } as never, current: false },
        english,
      ).tooltip,
      describeDataset(
        {
          kind: 'dataset',
          dataset: {
            dataset_id: 'd',
            dataset_name: hostile,
            description: hostile,
            dataset_type: 0,
            data_sources: [{ data_path: '/b/[a](command:x)' }],
          },
        } as never,
        english,
      ).tooltip,
      describeImagesNode(
        { kind: 'image', image: { id: 'i', name: hostile, description: hostile, swr_path: 's', arch: hostile } } as never,
        english,
      ).tooltip,
      describeStorageNode({ kind: 'object', bucket: 'b', key: 'k/[a](command:x) `x`', size: 1 }, english).tooltip,
      describeCommon({ kind: 'error', viewId: 'modelarts.notebooks', message: hostile }, english).tooltip,
    ];
    for (const tooltip of tooltips) {
      assert.ok(tooltip);
      assertInert(tooltip);
    }
    // The tooltip's own Markdown still works: the name is bold, as text.
    assert.match(render(tooltips[0] ?? ''), /^<p><strong>\*\*x\*\* \[a\]/);
  });
});
