import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fsyncDirectory, writeFileAtomic } from '../../core/util/atomicFile';

/**
 * One collection of JSON records (workspaces, notebooks, jobs, ...), one file per record, each
 * written atomically. Per-record files keep every write small and independent: an acknowledged
 * write is on disk before the caller answers, and a `kill -9` can at worst leave a stray temp
 * file, which loading ignores. Reads come from memory.
 */
export class RecordStore<T extends { readonly id: string }> {
  private readonly records = new Map<string, T>();

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.') || !name.endsWith('.json')) {
        if (name.endsWith('.tmp')) rmSync(path.join(dir, name), { force: true });
        continue;
      }
      const record = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
      this.records.set(record.id, record);
    }
  }

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Every record, in insertion order of this process (load order first). */
  all(): T[] {
    return [...this.records.values()];
  }

  get size(): number {
    return this.records.size;
  }

  /** Durable once it returns. */
  put(record: T): T {
    assertSafeId(record.id);
    writeFileAtomic(path.join(this.dir, `${record.id}.json`), JSON.stringify(record));
    this.records.set(record.id, record);
    return record;
  }

  /** Applies `change` to the stored record and persists the result; undefined when absent. */
  update(id: string, change: (current: T) => T): T | undefined {
    const current = this.records.get(id);
    return current ? this.put(change(current)) : undefined;
  }

  delete(id: string): boolean {
    if (!this.records.has(id)) return false;
    assertSafeId(id);
    rmSync(path.join(this.dir, `${id}.json`), { force: true });
    fsyncDirectory(this.dir);
    this.records.delete(id);
    return true;
  }
}

/** Ids become file names: only the characters the daemon itself generates may pass. */
function assertSafeId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id)) throw new Error(`unsafe record id: ${JSON.stringify(id)}`);
}
