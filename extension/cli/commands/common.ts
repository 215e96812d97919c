import { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import type { CommandContext } from '../command';
import { type Column, formatJson, formatTable } from '../output';

/** The typed API on the command's target. */
export async function apiFor(ctx: CommandContext): Promise<ModelArtsApi> {
  return new ModelArtsApi((await ctx.target()).client);
}

/** Prints the API's objects as JSON, or the chosen columns as a table. */
export function print<T>(ctx: CommandContext, value: T | readonly T[], columns: readonly Column<T>[]): void {
  if (ctx.output === 'json') ctx.out(formatJson(value));
  else ctx.out(formatTable(Array.isArray(value) ? (value as readonly T[]) : [value as T], columns));
}

/** Short local time for tables: `2026-11-28 16:50`. */
export function when(ms: number | undefined): string {
  return ms ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '-';
}
