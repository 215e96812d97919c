/** IAM v3 (`/v3/auth/tokens`, `/v3/projects`), on the region's IAM endpoint. */
import { route } from './route';

const noIam = 'Local mode has no IAM: the discovery file gives the project id and the daemon its own AK/SK.';

/** The token answer's body (the token itself is in the `X-Subject-Token` header). */
export interface TokenBody {
  readonly token?: { readonly expires_at?: string; readonly project?: { readonly id?: string; readonly name?: string } };
}

/** `GET /v3/projects` answer. */
export interface ProjectsBody {
  readonly projects?: readonly { readonly id?: string; readonly name?: string; readonly enabled?: boolean }[];
}

export const iamRoutes = {
  createToken: route<Record<string, unknown>, TokenBody>()({
    method: 'POST',
    path: '/v3/auth/tokens',
    action: 'iam:tokens:create',
    expect: [201],
    // Creating a token twice is harmless (the first is simply never used), so a lost answer may be retried.
    idempotent: true,
    cloudOnly: noIam,
  }),
  listProjects: route<undefined, ProjectsBody, { readonly name?: string }>()({
    method: 'GET',
    path: '/v3/projects',
    action: 'iam:projects:list',
    expect: [200],
    cloudOnly: noIam,
  }),
} as const;
