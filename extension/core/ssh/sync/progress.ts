import type { SyncPhase, SyncProgress } from './types';

/** Byte-level updates at most this often; file starts and finishes are always reported. */
const BYTE_UPDATE_MS = 100;

/**
 * Keeps the running totals and decides when the caller hears about them. Every count only grows;
 * bytesDone counts bytes sent, so a file that fails partway leaves it short of bytesTotal.
 */
export class ProgressTracker {
  private readonly state: SyncProgress = { phase: 'scanning', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 };
  private lastEmit = 0;

  constructor(private readonly listener: ((p: SyncProgress) => void) | undefined) {}

  get bytesDone(): number {
    return this.state.bytesDone;
  }

  phase(phase: SyncPhase, totals?: { files: number; bytes: number }): void {
    this.state.phase = phase;
    if (totals) {
      this.state.filesTotal = totals.files;
      this.state.bytesTotal = totals.bytes;
    }
    this.emit();
  }

  fileStarted(rel: string): void {
    this.state.currentFile = rel;
    this.emit();
  }

  bytes(rel: string, n: number): void {
    this.state.bytesDone += n;
    this.state.currentFile = rel;
    if (Date.now() - this.lastEmit >= BYTE_UPDATE_MS) this.emit();
  }

  /** A file finished (or failed, or was given up): it counts as done either way, so totals add up. */
  fileFinished(rel: string): void {
    this.state.filesDone++;
    this.state.currentFile = rel;
    this.emit();
  }

  private emit(): void {
    this.lastEmit = Date.now();
    this.listener?.({ ...this.state });
  }
}
