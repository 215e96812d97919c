import type { Image } from './imageCatalog';

/** Notebook statuses, as ModelArts names them (the subset local mode goes through). */
export type NotebookStatus = 'CREATING' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'DELETING' | 'ERROR';

export interface Lease {
  /** When the current running period began (ms); auto-stop is at create_at + duration. */
  readonly create_at: number;
  readonly duration: number;
  readonly enable: boolean;
  readonly type: 'TIMING';
  readonly update_at: number;
}

/** A notebook as stored and, minus nothing secret, as the API returns it. */
export interface Notebook {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly status: NotebookStatus;
  readonly fail_reason: string;
  readonly flavor: string;
  readonly feature: 'NOTEBOOK';
  readonly workspace_id: string;
  readonly image: Image;
  readonly lease: Lease;
  readonly key_pair_names: readonly string[];
  readonly create_at: number;
  readonly update_at: number;
  /** The SSH port the notebook had last; reused on restart when free, so ssh config stays valid. */
  readonly ssh_port: number;
  readonly host_key_fingerprint: string;
}

export const minLeaseMs = 3_600_000;
export const maxLeaseMs = 259_200_000;

/**
 * The API's view of a notebook: NotebookResp fields, SSH endpoint included while it runs. A local
 * notebook's volume is mounted at its real work dir on this machine (the cloud's
 * /home/ma-user/work), which is the folder a remote window opens.
 */
export function notebookView(nb: Notebook, workDir: string) {
  const running = nb.status === 'RUNNING';
  return {
    id: nb.id,
    name: nb.name,
    description: nb.description,
    status: nb.status,
    fail_reason: nb.fail_reason,
    flavor: nb.flavor,
    feature: nb.feature,
    workspace_id: nb.workspace_id,
    image: nb.image,
    lease: nb.lease,
    volume: { category: 'EVS', ownership: 'MANAGED', capacity: 5, mount_path: `${workDir}/`, status: 'NORMAL' },
    endpoints: [
      {
        service: 'SSH',
        dev_service: 'SSH',
        // Local mode answers on loopback; the URI carries user, host and port so a client needs nothing else.
        uri: running ? `ssh://ma-user@127.0.0.1:${nb.ssh_port}` : '',
        key_pair_names: nb.key_pair_names,
        allowed_access_ips: ['127.0.0.1'],
        host_key_fingerprint: nb.host_key_fingerprint,
      },
    ],
    action_progress: [],
    url: '',
    token: '',
    create_at: nb.create_at,
    update_at: nb.update_at,
  };
}
