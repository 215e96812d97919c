/**
 * The job's setup, drawn from the host's view: spec, parameters, inputs and outputs (storage
 * paths are links that show the folder in the Storage view), and environment variables. Each is
 * built whole from its data; the view rebuilds one only when its data changed, so a focused link
 * stays focused while a running job is read again.
 */
import type { ChannelView, FlavorView, JobView, NamedValue, StorageLink } from '../../protocol/jobDetails';
import { h } from '../../common/dom';
import type { Messages } from '../i18n';

/** What a link asks for when followed: the host shows the path in the Storage view. */
export type RevealLink = (url: string) => void;

/** A path that may wrap after each `/` (and only there, unless a single part is wider than its column). */
export function pathText(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = text.split(/(?<=\/)/);
  parts.forEach((part, i) => {
    fragment.append(part);
    if (i < parts.length - 1) fragment.append(document.createElement('wbr'));
  });
  return fragment;
}

function pathCode(text: string): HTMLElement {
  return h('code', { class: 'path' }, [pathText(text)]);
}

/** A storage path: a link when it names one the Storage view can show, plain text otherwise. */
export function storageLink(link: StorageLink, reveal: RevealLink, messages: Messages): HTMLElement {
  const url = link.url;
  if (!url) return pathCode(link.text);
  const a = h('a', { class: 'storage-link path', attrs: { href: '#', title: messages.t('link.reveal', { url }), 'data-url': url } }, [
    pathText(url),
  ]);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    reveal(url);
  });
  return a;
}

/** A definition list of the rows that have a value. */
function facts(rows: readonly (readonly [string, Node | string | undefined])[]): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [term, value] of rows) {
    if (value === undefined || value === '') continue;
    dl.append(h('dt', { text: term }), h('dd', {}, [value]));
  }
  return dl;
}

export function flavorSummary(flavor: FlavorView, messages: Messages): string {
  const { t } = messages;
  const accel = (a: FlavorView['gpu'], key: 'spec.gpu' | 'spec.npu') =>
    a ? [t(key, { count: a.count ?? 1 }), a.product, a.memory].filter(Boolean).join(' ') : undefined;
  return [
    flavor.cpuCores ? t('spec.cpu', { cores: flavor.cpuCores }) : undefined,
    flavor.memory ? t('spec.memory', { size: flavor.memory }) : undefined,
    accel(flavor.gpu, 'spec.gpu'),
    accel(flavor.npu, 'spec.npu'),
  ]
    .filter(Boolean)
    .join(' · ');
}

export function specSection(job: JobView, reveal: RevealLink, messages: Messages): HTMLElement {
  const { t } = messages;
  const engine = [job.engine.name, job.engine.version].filter(Boolean).join(' ') || job.engine.id;
  const flavor = job.flavor.name ? `${job.flavor.name} (${job.flavor.id})` : job.flavor.id;
  const code = (text: string | undefined) => (text ? pathCode(text) : undefined);
  return facts([
    [t('spec.engine'), engine ?? (job.engine.image ? undefined : t('spec.noEngine'))],
    [t('spec.image'), code(job.engine.image)],
    [t('spec.flavor'), flavor],
    [t('spec.resources'), flavorSummary(job.flavor, messages)],
    [t('spec.nodes'), String(job.nodeCount)],
    [t('spec.code'), job.codeDir ? storageLink(job.codeDir, reveal, messages) : undefined],
    [t('spec.bootFile'), job.bootFile ? storageLink(job.bootFile, reveal, messages) : undefined],
    [t('spec.command'), job.command ? h('pre', { class: 'command', text: job.command }) : undefined],
    [t('spec.workingDir'), code(job.workingDir)],
    [t('spec.logExport'), job.logExport ? storageLink(job.logExport, reveal, messages) : undefined],
  ]);
}

/** A table with a header row; `cells` gives each row's cells. */
function table<T>(columns: readonly string[], rows: readonly T[], cells: (row: T) => readonly (Node | string)[]): HTMLElement {
  return h('table', { class: 'grid' }, [
    h('thead', {}, [
      h(
        'tr',
        {},
        columns.map((c) => h('th', { text: c, attrs: { scope: 'col' } })),
      ),
    ]),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          cells(r).map((c) => h('td', {}, [c])),
        ),
      ),
    ),
  ]);
}

function valueCell(v: NamedValue, messages: Messages): Node {
  return v.hidden ? h('span', { class: 'hidden-value', text: messages.t('params.hidden') }) : h('code', { text: v.value });
}

export function parametersSection(job: JobView, messages: Messages): HTMLElement {
  const { t } = messages;
  if (job.parameters.length === 0) return h('p', { class: 'empty-note', text: t('params.none') });
  const described = job.parameters.some((p) => p.description);
  return table(
    described ? [t('params.name'), t('params.value'), t('params.description')] : [t('params.name'), t('params.value')],
    job.parameters,
    (p) => [h('code', { text: p.name }), valueCell(p, messages), ...(described ? [p.description ?? ''] : [])],
  );
}

export function environmentSection(job: JobView, messages: Messages): HTMLElement {
  const { t } = messages;
  if (job.environment.length === 0) return h('p', { class: 'empty-note', text: t('env.none') });
  return table([t('params.name'), t('params.value')], job.environment, (v) => [h('code', { text: v.name }), valueCell(v, messages)]);
}

function channelWhere(c: ChannelView, reveal: RevealLink, messages: Messages): Node | string {
  if (c.storage) return storageLink(c.storage, reveal, messages);
  if (c.dataset)
    return c.dataset.versionId
      ? messages.t('data.datasetVersion', { id: c.dataset.id, version: c.dataset.versionId })
      : messages.t('data.dataset', { id: c.dataset.id });
  return '';
}

function channels(title: string, empty: string, list: readonly ChannelView[], reveal: RevealLink, messages: Messages): HTMLElement[] {
  const { t } = messages;
  const heading = h('h3', { text: title });
  if (list.length === 0) return [heading, h('p', { class: 'empty-note', text: empty })];
  return [
    heading,
    table([t('data.name'), t('data.where'), t('data.localDir')], list, (c) => [
      h('span', { attrs: { title: c.description ?? '' } }, [h('code', { text: c.name })]),
      channelWhere(c, reveal, messages),
      c.localDir ? pathCode(c.localDir) : '',
    ]),
  ];
}

export function dataSection(job: JobView, reveal: RevealLink, messages: Messages): HTMLElement {
  const { t } = messages;
  return h('div', {}, [
    ...channels(t('data.inputs'), t('data.noInputs'), job.inputs, reveal, messages),
    ...channels(t('data.outputs'), t('data.noOutputs'), job.outputs, reveal, messages),
  ]);
}
