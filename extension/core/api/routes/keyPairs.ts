/**
 * SSH key pairs, in the shape of the cloud's key pair service (KPS, `/v3/{project_id}/keypairs`):
 * every answer wraps the key pair as `{keypair: {...}}`. On Huawei Cloud KPS lives on the ECS
 * endpoint; local mode serves it on its one endpoint.
 */
import type { KeyPair, KeyPairCreateRequest } from '../resources/keyPairTypes';
import { route } from './route';

/** One key pair as KPS wraps it. */
export interface KeyPairBody {
  readonly keypair: KeyPair;
}

const base = '/v3/{project_id}/keypairs';
const one = '/v3/{project_id}/keypairs/{key_pair_name}';

export const keyPairRoutes = {
  /** KPS does not page this list. */
  list: route<undefined, { readonly keypairs?: readonly KeyPairBody[] }>()({
    method: 'GET',
    path: base,
    action: 'kps:SSHKeyPair:list',
    expect: [200],
  }),
  create: route<{ readonly keypair: KeyPairCreateRequest }, KeyPairBody>()({
    method: 'POST',
    path: base,
    action: 'kps:SSHKeyPair:create',
    expect: [200, 201],
  }),
  get: route<undefined, KeyPairBody>()({ method: 'GET', path: one, action: 'kps:SSHKeyPair:get', expect: [200] }),
  delete: route()({ method: 'DELETE', path: one, action: 'kps:SSHKeyPair:delete', expect: [200, 202, 204] }),
} as const;
