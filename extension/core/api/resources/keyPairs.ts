/**
 * SSH key pairs, in the shape of the cloud's key pair service (KPS, `/v3/{project_id}/keypairs`):
 * every answer wraps the key pair as `{keypair: {...}}`. Notebooks name key pairs in their SSH
 * endpoint; the private key never leaves this machine.
 *
 * Local mode serves these routes on its one endpoint. On Huawei Cloud KPS lives on the ECS
 * endpoint (`ecs.{region}.myhuaweicloud.com`), not the ModelArts one, so the facade takes the
 * HTTP client for it separately.
 */
import type { HttpClient } from '../http';
import { keyPairRoutes } from '../routes/keyPairs';
import { type CallOptions, requireField, send, sendJson } from './common';
import type { KeyPair, KeyPairCreateRequest } from './keyPairTypes';

export * from './keyPairTypes';

/** Typed key pair calls. */
export class KeyPairsApi {
  constructor(private readonly http: HttpClient) {}

  /** All key pairs of the project (KPS does not page this list). */
  async list(options: CallOptions = {}): Promise<KeyPair[]> {
    const body = await sendJson(this.http, keyPairRoutes.list, { signal: options.signal });
    return (body.keypairs ?? []).map((k) => k.keypair);
  }

  /** One key pair by name. */
  async get(name: string, options: CallOptions = {}): Promise<KeyPair> {
    const body = await sendJson(this.http, keyPairRoutes.get, { params: { key_pair_name: name }, signal: options.signal });
    return body.keypair;
  }

  /** Registers a public key under a name. */
  async create(request: KeyPairCreateRequest, options: CallOptions = {}): Promise<KeyPair> {
    requireField(request?.name, 'key pair name');
    const publicKey = requireField(request.public_key, 'public_key').trim();
    if (/PRIVATE KEY/.test(publicKey))
      throw new TypeError('public_key holds a private key; pass the public key line (ssh-ed25519 AAAA…) only.');
    const keypair = { name: request.name, public_key: publicKey, ...(request.scope ? { scope: request.scope } : {}) };
    const body = await sendJson(this.http, keyPairRoutes.create, { body: { keypair }, signal: options.signal });
    return body.keypair;
  }

  /** Deletes a key pair (refused while a notebook uses it). */
  async delete(name: string, options: CallOptions = {}): Promise<void> {
    await send(this.http, keyPairRoutes.delete, { params: { key_pair_name: name }, signal: options.signal });
  }
}
