import * as vscode from 'vscode';
import { FolderMetricsSource } from '../../../core/metrics/folderSource';
import { JobMetricsSource } from '../../../core/metrics/jobSource';
import { MetricsSession } from '../../../core/metrics/session';
import { describeWarning, type MetricsSource, type MetricsWarning } from '../../../core/metrics/source';
import type { Connection, PlatformSession } from '../../platform/session';
import type { PanelData } from './panelData';
import { type MetricsSourceSpec, specTitle } from './sourceSpec';

const t = vscode.l10n.t;

/** The platform key of a connection, as specs name it: 'local' or 'cloud:<profile>'. */
export function platformKeyOf(connection: Connection): string {
  return connection.kind === 'local' ? 'local' : `cloud:${connection.label}`;
}

/**
 * Builds a panel's data for a spec: a MetricsSession over the sources the spec names, on the
 * connection the jobs or storage belong to. A panel restored after a reload may come before that
 * connection does (local mode is still starting): the session then waits for it, and says so.
 */
export function createPanelData(spec: MetricsSourceSpec, platform: PlatformSession, log: vscode.LogOutputChannel): PanelData {
  const title = specTitle(spec, t);
  if (spec.kind === 'folder') return adapt(new MetricsSession(title, [FolderMetricsSource.local(spec.path)], (l) => log.info(l)).start());
  const waiting = new WaitingSource(spec, platform);
  const session = new MetricsSession(title, [waiting], (l) => log.info(l));
  return adapt(session.start());
}

/** Jobs read side by side in one poll. */
const pollSlice = 8;

/** Until the spec's platform is connected, a source that only says what it waits for; then the real ones. */
class WaitingSource implements MetricsSource {
  readonly pollSeconds = 1;
  private inner: MetricsSource[] | undefined;
  /** Where this round of polls over the inner sources is, and whether any of them had more. */
  private nextInRound = 0;
  private moreInRound = false;

  constructor(
    private readonly spec: Exclude<MetricsSourceSpec, { kind: 'folder' }>,
    private readonly platform: PlatformSession,
  ) {}

  get label(): string {
    return this.spec.kind === 'jobs' ? this.spec.jobs.map((j) => j.name).join(', ') : `obs://${this.spec.bucket}/${this.spec.prefix}`;
  }

  get finished(): boolean {
    return this.inner !== undefined && this.inner.every((s) => s.finished);
  }

  runs() {
    if (this.inner) return this.inner.flatMap((s) => s.runs());
    return this.spec.kind === 'jobs' ? this.spec.jobs.map((j) => ({ id: j.id, name: j.name, live: true, hyperParameters: {} })) : [];
  }

  progress() {
    if (!this.inner) return { filesRead: 0, filesTotal: 1 };
    const parts = this.inner.map((s) => s.progress()).filter((p) => p !== undefined);
    return parts.length
      ? { filesRead: parts.reduce((n, p) => n + p.filesRead, 0), filesTotal: parts.reduce((n, p) => n + p.filesTotal, 0) }
      : undefined;
  }

  warnings(): readonly MetricsWarning[] {
    if (this.inner) return this.inner.flatMap((s) => s.warnings());
    const platform = this.spec.platform === 'local' ? t('local mode') : this.spec.platform.slice('cloud:'.length);
    return [{ kind: 'text', text: t('Waiting for {0} to connect (this panel shows its data).', platform) }];
  }

  async poll(store: Parameters<MetricsSource['poll']>[0], signal: AbortSignal) {
    let changed = false;
    if (!this.inner) {
      const connection = this.platform.current();
      if (!connection || platformKeyOf(connection) !== this.spec.platform) return { changed: false, more: false };
      this.inner = this.sourcesOn(connection);
      changed = true;
    }
    // A slice of the jobs per poll, read side by side: the session shows what each slice brought
    // before the next is read, so a comparison of 100 jobs draws after the first few answer.
    const pending = this.inner.filter((s) => !s.finished);
    const slice = pending.slice(this.nextInRound, this.nextInRound + pollSlice);
    const results = await Promise.all(slice.map((source) => source.poll(store, signal)));
    this.nextInRound += slice.length;
    const roundDone = this.nextInRound >= pending.length;
    this.moreInRound ||= results.some((r) => r.more);
    const more = !roundDone || this.moreInRound;
    if (roundDone) {
      this.nextInRound = 0;
      this.moreInRound = false;
    }
    return { changed: changed || results.some((r) => r.changed), more };
  }

  private sourcesOn(connection: Connection): MetricsSource[] {
    if (this.spec.kind === 'storage')
      return [FolderMetricsSource.storage(connection.storage, { bucket: this.spec.bucket, key: this.spec.prefix })];
    return this.spec.jobs.map((j) => new JobMetricsSource(connection.api, j.id, j.name, connection.storage));
  }
}

/** The protocol's view of a session (the same shapes; the run list adds its colours). */
function adapt(session: MetricsSession): PanelData {
  return {
    onDidChange: (listener) => session.onDidChange(listener),
    state: () => {
      const s = session.state();
      return {
        title: s.title,
        runs: s.runs.map((r) => ({
          id: r.id,
          name: r.name,
          color: r.color,
          live: r.live,
          hyperParameters: r.hyperParameters,
          ...(r.end ? { outcome: r.end } : {}),
        })),
        tags: s.tags,
        ...(s.loading ? { loading: s.loading } : {}),
        warnings: s.warnings.map((w) => describeWarning(w, t)),
      };
    },
    seriesView: (p) => session.seriesView(p),
    valueAt: (p) => session.valueAt(p),
    summaries: (tag) => session.summaries(tag),
    exportPoints: (p, write) => session.exportPoints(p, write),
    dispose: () => session.dispose(),
  };
}
