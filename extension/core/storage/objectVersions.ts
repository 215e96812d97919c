/**
 * Which version of each object an editor holds, so a save never silently replaces a version the
 * editor has not seen. Pure: the file system provider feeds it what HEAD, GET and PUT report.
 *
 * Two things per URI:
 * - the *base*: the platform and ETag of the bytes the editor last read or wrote (or last saw in a
 *   stat, which VS Code makes just before every save, so its "Overwrite" choice goes through). A
 *   write is refused when the object's ETag now differs from the base, or when the base came from
 *   another platform (the window switched profiles while the editor was open).
 * - the *mtime* reported to VS Code. VS Code's own "file changed on disk" check compares mtimes,
 *   and S3's Last-Modified has one-second resolution, so a version replaced within the same second
 *   would look unchanged. A new version (another ETag or platform) is therefore always reported
 *   later than the one before it; the same version keeps the same mtime.
 */
export interface ObjectVersion {
  readonly etag: string;
  /** Last-Modified in milliseconds (0 when the server sent none). */
  readonly lastModifiedMs: number;
}

/** Why a write must not go ahead. */
export type WriteConflict =
  | { readonly kind: 'changed'; readonly expectedEtag: string; readonly actualEtag: string }
  | { readonly kind: 'platform'; readonly openedOn: string };

/** What reported a version: a stat, or bytes the editor now holds (a read or a write). */
export type Sighting = 'stat' | 'content';

interface Base {
  platform: string;
  etag: string;
}

interface Reported {
  platform: string;
  etag: string;
  mtime: number;
}

export class VersionBook {
  private readonly bases = new Map<string, Base>();
  private readonly reported = new Map<string, Reported>();

  /**
   * Records a version of `id` seen on `platform` and returns the mtime to report for it. Content
   * always becomes the base; a stat does too unless the base belongs to another platform (the
   * editor's bytes are still that platform's, and only a read replaces them).
   */
  seen(id: string, platform: string, version: ObjectVersion, how: Sighting): number {
    const mtime = this.mtimeFor(id, platform, version);
    this.reported.set(id, { platform, etag: version.etag, mtime });
    const base = this.bases.get(id);
    if (how === 'content' || base === undefined || base.platform === platform) this.bases.set(id, { platform, etag: version.etag });
    return mtime;
  }

  /** The conflict a write of `id` on `platform` would cause, given the object there now (undefined: none there). */
  conflict(id: string, platform: string, current: ObjectVersion | undefined): WriteConflict | undefined {
    const base = this.bases.get(id);
    if (base === undefined) return undefined;
    if (base.platform !== platform) return { kind: 'platform', openedOn: base.platform };
    // Deleted since it was read: writing brings it back, as saving a deleted file does on disk.
    if (current === undefined) return undefined;
    if (current.etag !== base.etag) return { kind: 'changed', expectedEtag: base.etag, actualEtag: current.etag };
    return undefined;
  }

  /** Forgets `id` (deleted, or renamed away). */
  forget(id: string): void {
    this.bases.delete(id);
    this.reported.delete(id);
  }

  /** Every URI with a recorded version: the editors to tell when the platform changes. */
  ids(): string[] {
    return [...new Set([...this.bases.keys(), ...this.reported.keys()])];
  }

  private mtimeFor(id: string, platform: string, version: ObjectVersion): number {
    const last = this.reported.get(id);
    if (last === undefined) return version.lastModifiedMs;
    if (last.platform === platform && last.etag === version.etag) return last.mtime;
    return Math.max(version.lastModifiedMs, last.mtime + 1);
  }
}
