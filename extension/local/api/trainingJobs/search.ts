// `POST /v2/{p}/training-job-searches` (reference §6.3): filters, sort and paging, where `offset`
// is a PAGE number (documented so; page `offset` holds items offset*limit … offset*limit+limit-1).

import type { TrainingJobSearchRequest } from '../../../core/api/routes/trainingJobs';
import type { Untrusted } from '../../http/router';
import type { JobRecord } from './model';
import { TrainingError } from './model';

const bad = (message: string) =>
  new TrainingError(400, 'ModelArts.0104', message, 'See the ModelArts "Querying a Training Job List" API for the body of a search.');

/** What a search body asks for, validated. */
export interface SearchQuery {
  readonly offset: number;
  readonly limit: number;
  readonly sortBy: 'create_time' | 'name' | 'duration';
  readonly order: 'asc' | 'desc';
  readonly matches: (job: JobRecord) => boolean;
  readonly workspaceId: string | undefined;
}

type Operator = 'between' | 'like' | 'in' | 'not';

/** Filter keys local mode understands, with the operators each takes. */
const keys: Record<string, readonly Operator[]> = {
  name: ['like', 'in', 'not'],
  phase: ['in', 'not'],
  workspace_id: ['in', 'not'],
  kind: ['in', 'not'],
  flavor_id: ['in', 'not'],
  create_time: ['between'],
};

function field(job: JobRecord, key: string): string | number {
  switch (key) {
    case 'name':
      return job.metadata.name;
    case 'phase':
      return job.phase;
    case 'workspace_id':
      return job.metadata.workspace_id;
    case 'kind':
      return job.kind;
    case 'flavor_id':
      return job.spec.flavor_id;
    default:
      return job.metadata.create_time;
  }
}

function wholeNumber(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw bad(`${name} must be a whole number from ${min} to ${max}.`);
  return value;
}

/** Parses a search body; an empty body lists everything (page 0 of 10, newest first). */
export function parseSearch(req: Untrusted<TrainingJobSearchRequest>): SearchQuery {
  const offset = wholeNumber(req.offset, 'offset (a page number)', 0, Number.MAX_SAFE_INTEGER, 0);
  const limit = wholeNumber(req.limit, 'limit', 1, 50, 10);
  const sortBy = req.sort_by ?? 'create_time';
  if (sortBy !== 'create_time' && sortBy !== 'name' && sortBy !== 'duration') throw bad('sort_by must be create_time, name or duration.');
  const order = typeof req.order === 'string' ? req.order.toLowerCase() : (req.order ?? 'desc');
  if (order !== 'asc' && order !== 'desc') throw bad('order must be asc or desc.');
  if (req.workspace_id !== undefined && typeof req.workspace_id !== 'string') throw bad('workspace_id must be a string.');
  const workspaceId = req.workspace_id;
  const filters = req.filters ?? [];
  if (!Array.isArray(filters)) throw bad('filters must be an array of {key, operator, value[]}.');
  const tests = filters.map((f, i) => filterTest(f, i));
  return {
    offset,
    limit,
    sortBy,
    order,
    workspaceId,
    matches: (job) => (workspaceId === undefined || job.metadata.workspace_id === workspaceId) && tests.every((t) => t(job)),
  };
}

function filterTest(f: unknown, i: number): (job: JobRecord) => boolean {
  if (typeof f !== 'object' || f === null || Array.isArray(f)) throw bad(`filters[${i}] must be an object {key, operator, value[]}.`);
  const { key, operator, value } = f as Record<string, unknown>;
  if (typeof key !== 'string' || !(key in keys)) throw bad(`filters[${i}].key must be one of ${Object.keys(keys).join(', ')}.`);
  const allowed = keys[key] as readonly Operator[];
  const op = (operator ?? allowed[0]) as Operator;
  if (!allowed.includes(op)) throw bad(`filters[${i}]: key ${key} takes the operator ${allowed.join(' or ')}.`);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number'))
    throw bad(`filters[${i}].value must be a non-empty array of strings.`);
  const strings = values.map(String);
  if (op === 'between') {
    const [from, to] = strings.map(Number);
    if (strings.length !== 2 || !Number.isFinite(from) || !Number.isFinite(to))
      throw bad(`filters[${i}]: between takes ["start_ms", "end_ms"].`);
    return (job) => {
      const t = field(job, key) as number;
      return t >= (from as number) && t <= (to as number);
    };
  }
  if (op === 'like') return (job) => strings.some((s) => String(field(job, key)).toLowerCase().includes(s.toLowerCase()));
  if (op === 'in') return (job) => strings.includes(String(field(job, key)));
  return (job) => !strings.includes(String(field(job, key)));
}

/** Sorts the matching jobs and cuts out the requested page. */
export function runSearch(
  all: readonly JobRecord[],
  q: SearchQuery,
  duration: (job: JobRecord) => number,
): { count: number; page: JobRecord[] } {
  const sign = q.order === 'asc' ? 1 : -1;
  const key = (j: JobRecord): string | number =>
    q.sortBy === 'name' ? j.metadata.name : q.sortBy === 'duration' ? duration(j) : j.metadata.create_time;
  const matching = all.filter(q.matches).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Ties (same millisecond) fall back to the id so pages never overlap or skip.
    return (ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * sign;
  });
  const start = q.offset * q.limit;
  return { count: matching.length, page: matching.slice(start, start + q.limit) };
}
