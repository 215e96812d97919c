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
import { type CallOptions, idSegment, requireField, send, sendJson } from './common';

/** A registered key pair. */
export interface KeyPair {
  readonly name: string;
  /** The OpenSSH public key line. */
  readonly public_key: string;
  /** Local mode: `SHA256:…`; KPS: the MD5 or SHA256 form it computes. */
  readonly fingerprint: string;
  /** `ssh` (KPS also knows `x509`). */
  readonly type?: string;
  /** Local mode: epoch ms. */
  readonly create_time?: number;
  /** KPS extras. */
  readonly scope?: string;
  readonly user_id?: string;
  readonly is_key_protection?: boolean;
  readonly frozen_state?: number;
}

/** What create sends: a name and an existing public key (generate the pair locally). */
export interface KeyPairCreateRequest {
  /** 1–64 letters, digits, `-`, `_`; unique per project. */
  readonly name: string;
  readonly public_key: string;
  /** KPS only: `user` or `account`. */
  readonly scope?: 'user' | 'account';
}

/** Typed key pair calls. */
export class KeyPairsApi {
  constructor(private readonly http: HttpClient) {}

  /** All key pairs of the project (KPS does not page this list). */
  async list(options: CallOptions = {}): Promise<KeyPair[]> {
    const body = await sendJson<{ keypairs?: { keypair: KeyPair }[] }>(this.http, {
      method: 'GET',
      path: '/v3/{project_id}/keypairs',
      signal: options.signal,
      expect: [200],
    });
    return (body.keypairs ?? []).map((k) => k.keypair);
  }

  /** One key pair by name. */
  async get(name: string, options: CallOptions = {}): Promise<KeyPair> {
    const body = await sendJson<{ keypair: KeyPair }>(this.http, {
      method: 'GET',
      path: `/v3/{project_id}/keypairs/${idSegment(name, 'key pair name')}`,
      signal: options.signal,
      expect: [200],
    });
    return body.keypair;
  }

  /** Registers a public key under a name. */
  async create(request: KeyPairCreateRequest, options: CallOptions = {}): Promise<KeyPair> {
    requireField(request?.name, 'key pair name');
    const publicKey = requireField(request.public_key, 'public_key').trim();
    if (/PRIVATE KEY/.test(publicKey))
      throw new TypeError('public_key holds a private key; pass the public key line (ssh-ed25519 AAAA…) only.');
    const keypair = { name: request.name, public_key: publicKey, ...(request.scope ? { scope: request.scope } : {}) };
    const body = await sendJson<{ keypair: KeyPair }>(this.http, {
      method: 'POST',
      path: '/v3/{project_id}/keypairs',
      body: { keypair },
      signal: options.signal,
      expect: [200, 201],
    });
    return body.keypair;
  }

  /** Deletes a key pair (refused while a notebook uses it). */
  async delete(name: string, options: CallOptions = {}): Promise<void> {
    await send(this.http, {
      method: 'DELETE',
      path: `/v3/{project_id}/keypairs/${idSegment(name, 'key pair name')}`,
      signal: options.signal,
      expect: [200, 202, 204],
    });
  }
}
