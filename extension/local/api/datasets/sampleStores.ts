import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory } from '../../../core/util/atomicFile';
import { setAside } from '../../store/journal';
import { checkLabelDef, checkSample } from './changes';
import type { LabelDef, LegacySampleSet, StoredSample } from './model';
import { SampleStore, type SampleStoreOptions } from './sampleStore';

/**
 * Every dataset's SampleStore, one directory each under `root` (named by dataset id). Opening
 * loads them all, removes the directories of datasets that no longer exist (a crash between
 * writing a new dataset's samples and its record, or during a delete), and migrates the sample
 * sets older versions of the daemon kept as one record per dataset (`legacyDir`): each becomes a
 * store at revision 1, and its old file is removed once the store is durable.
 */
export class SampleStores {
  private constructor(
    private readonly root: string,
    private readonly stores: Map<string, SampleStore>,
    private readonly log: (line: string) => void,
    private readonly options: SampleStoreOptions,
  ) {}

  static async open(
    root: string,
    legacyDir: string,
    datasetIds: ReadonlySet<string>,
    log: (line: string) => void,
    options: SampleStoreOptions = {},
  ): Promise<SampleStores> {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const stores = new Map<string, SampleStore>();
    for (const name of readdirSync(root)) {
      const dir = path.join(root, name);
      if (!statSync(dir).isDirectory()) continue;
      if (!datasetIds.has(name)) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      stores.set(name, await SampleStore.load(dir, name, log, options));
    }
    const opened = new SampleStores(root, stores, log, options);
    await opened.migrate(legacyDir, datasetIds);
    for (const id of datasetIds) {
      if (stores.has(id)) continue;
      log(`dataset ${id}: its samples were not found; it starts empty (sync it to index its data paths again)`);
      await opened.create(id, [], []);
    }
    fsyncDirectory(root);
    return opened;
  }

  get(id: string): SampleStore | undefined {
    return this.stores.get(id);
  }

  /** A new dataset's store, durable when this resolves. */
  async create(id: string, labels: readonly LabelDef[], samples: readonly StoredSample[]): Promise<SampleStore> {
    assertSafeId(id);
    const store = await SampleStore.create(path.join(this.root, id), id, labels, samples, this.log, this.options);
    this.stores.set(id, store);
    return store;
  }

  async delete(id: string): Promise<void> {
    const store = this.stores.get(id);
    this.stores.delete(id);
    await store?.destroy();
  }

  async close(): Promise<void> {
    for (const store of this.stores.values()) await store.close();
  }

  private async migrate(legacyDir: string, datasetIds: ReadonlySet<string>): Promise<void> {
    if (!existsSync(legacyDir)) return;
    for (const name of readdirSync(legacyDir)) {
      const file = path.join(legacyDir, name);
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : '';
      // Temp files of interrupted writes, records of deleted datasets, and sets already migrated
      // (a crash came after the store was written but before this file went) are dropped.
      if (!id || name.startsWith('.') || !datasetIds.has(id) || this.stores.has(id)) {
        if (!name.includes('.corrupt-')) rmSync(file, { force: true });
        continue;
      }
      const set = readLegacy(file);
      if (typeof set === 'string') {
        setAside(file, this.log, `dataset ${id}: ${set}`);
        continue;
      }
      const samples: StoredSample[] = [];
      let bad = 0;
      for (const s of set.samples) {
        const checked = checkSample({ ...s, revision: 1, update_time: s.annotated_time ?? s.sample_time });
        if (typeof checked === 'string') bad++;
        else samples.push(checked);
      }
      await this.create(id, set.labels, samples);
      rmSync(file, { force: true });
      this.log(`dataset ${id}: moved ${samples.length} samples to the journalled store${bad ? `; ${bad} unreadable ones left out` : ''}`);
    }
    fsyncDirectory(legacyDir);
    if (readdirSync(legacyDir).length === 0) rmdirSync(legacyDir);
  }
}

function readLegacy(file: string): LegacySampleSet | string {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return 'its sample set is not valid JSON';
  }
  const set = value as Partial<LegacySampleSet> | null;
  if (typeof set !== 'object' || set === null || !Array.isArray(set.labels) || !Array.isArray(set.samples))
    return 'its sample set has no labels and samples';
  if (set.labels.some((l) => typeof checkLabelDef(l) === 'string')) return 'its labels are not label definitions';
  return set as LegacySampleSet;
}

/** Ids become directory names: only the characters the daemon itself generates may pass. */
function assertSafeId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id)) throw new Error(`unsafe dataset id: ${JSON.stringify(id)}`);
}
