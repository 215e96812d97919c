/** Key pair DTOs: the shapes of the cloud's key pair service (KPS). */

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
