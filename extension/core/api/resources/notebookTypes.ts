/**
 * Notebook DTOs (reference §4): NotebookResp and its parts, the create/update bodies, leases and
 * flavors. Local mode returns a subset of the cloud's fields (plus a few of its own, marked);
 * fields only the cloud sends are optional.
 */
import type { Image, LocalRuntime } from './images';

/** All 14 notebook statuses of the cloud; local mode goes through CREATING…STOPPED, DELETING and ERROR. */
export type NotebookStatus =
  | 'INIT'
  | 'CREATING'
  | 'STARTING'
  | 'STOPPING'
  | 'DELETING'
  | 'RUNNING'
  | 'STOPPED'
  | 'SNAPSHOTTING'
  | 'CREATE_FAILED'
  | 'START_FAILED'
  | 'DELETE_FAILED'
  | 'ERROR'
  | 'DELETED'
  | 'FROZEN';

/** Statuses a notebook is stuck in until someone acts: a wait for anything else fails on them. */
export const failedNotebookStatuses: readonly NotebookStatus[] = ['ERROR', 'CREATE_FAILED', 'START_FAILED', 'DELETE_FAILED', 'FROZEN'];

/** Auto-stop. `type` is upper case in local mode, either case in cloud examples. */
export interface Lease {
  /** When the running period began (ms); auto-stop at create_at + duration. */
  readonly create_at: number;
  /** Milliseconds; 1 h to 72 h. */
  readonly duration: number;
  readonly enable: boolean;
  readonly type: 'TIMING' | 'IDLE' | 'timing' | 'idle';
  readonly update_at: number;
}

/** An access endpoint of a notebook (EndpointsRes). */
export interface NotebookEndpoint {
  readonly service: 'NOTEBOOK' | 'SSH' | (string & {});
  readonly dev_service?: 'NOTEBOOK' | 'SSH' | (string & {});
  /** Local mode: `ssh://ma-user@127.0.0.1:PORT` while running, else empty. Cloud: described as the private IP, sometimes host:port. */
  readonly uri?: string;
  readonly key_pair_names?: readonly string[];
  readonly allowed_access_ips?: readonly string[];
  readonly ssh_keys?: readonly string[];
  /** Local mode: the SSH host key fingerprint to pin. */
  readonly host_key_fingerprint?: string;
}

/** The primary volume (VolumeRes). */
export interface NotebookVolume {
  readonly category: string;
  readonly ownership: string;
  readonly capacity?: number;
  readonly mount_path?: string;
  readonly status?: string;
  readonly id?: string;
  readonly read_only?: boolean;
  readonly uri?: string;
  readonly evs_sku_code?: string;
  readonly mount_type?: 'STATIC' | 'DYNAMIC';
}

/** One step of create/start progress. */
export interface ActionProgress {
  readonly step: number;
  readonly status: 'WAITING' | 'PROCESSING' | 'FAILED' | 'COMPLETED';
  readonly description?: string;
  readonly step_description?: string;
}

/** A notebook instance (NotebookResp). */
export interface Notebook {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly status: NotebookStatus;
  /** Why it failed, on ERROR and *_FAILED. */
  readonly fail_reason?: string;
  readonly flavor: string;
  readonly feature?: 'NOTEBOOK' | 'DEFAULT';
  readonly workspace_id?: string;
  /** Jupyter URL (empty in local mode). */
  readonly url?: string;
  readonly token?: string;
  readonly image: Image;
  readonly lease?: Lease;
  readonly volume?: NotebookVolume;
  readonly endpoints?: readonly NotebookEndpoint[];
  readonly action_progress?: readonly ActionProgress[];
  readonly create_at?: number;
  readonly update_at?: number;
  /** Local mode: what the notebook really runs on this machine (its image is only a label there). */
  readonly local_runtime?: LocalRuntime;
  // Cloud-only fields.
  readonly pool?: { readonly id?: string; readonly name?: string };
  readonly billing_items?: readonly string[];
  readonly user?: { readonly id?: string; readonly name?: string; readonly domain?: { readonly id?: string; readonly name?: string } };
  readonly data_volumes?: readonly NotebookVolume[];
  readonly affinity?: unknown;
  readonly run_user?: unknown;
  readonly ip?: string;
  readonly user_id?: string;
  readonly is_need_credentials?: boolean;
  readonly jupyter_version?: string;
  readonly tags?: readonly unknown[];
  readonly custom_spec?: unknown;
}

/** The primary volume of a create request (VolumeReq). */
export interface NotebookVolumeRequest {
  readonly category: 'EVS' | 'EFS' | 'OBS' | 'OBSFS' | 'SFS';
  readonly ownership: 'MANAGED' | 'DEDICATED';
  /** GB. */
  readonly capacity?: number;
  readonly uri?: string;
  readonly id?: string;
  readonly mount_path?: string;
  readonly read_only?: boolean;
  readonly dew_secret_name?: string;
}

/** An endpoint of a create or update request (EndpointsReq). */
export interface NotebookEndpointRequest {
  readonly service: 'NOTEBOOK' | 'SSH';
  readonly key_pair_names?: readonly string[];
  /** Up to 5; omitted means any. */
  readonly allowed_access_ips?: readonly string[];
}

/** A container hook: COMMAND takes Base64 content, SCRIPT an absolute path. */
export interface ContainerHook {
  readonly type: 'COMMAND' | 'SCRIPT';
  readonly script: string;
}

/** Body of create. */
export interface NotebookCreateRequest {
  /** Up to 128 letters, digits, `-`, `_`. */
  readonly name: string;
  /** E.g. `modelarts.vm.cpu.2u`. */
  readonly flavor: string;
  readonly image_id: string;
  /** Required by the cloud; {@link NotebooksApi.create} defaults it to a managed 5 GB EVS disk. */
  readonly volume?: NotebookVolumeRequest;
  readonly description?: string;
  readonly feature?: 'NOTEBOOK' | 'DEFAULT';
  readonly workspace_id?: string;
  readonly pool_id?: string;
  readonly endpoints?: readonly NotebookEndpointRequest[];
  readonly lease?: { readonly duration?: number; readonly type?: 'TIMING' | 'IDLE' };
  readonly hooks?: { readonly container_hooks?: { readonly pre_start?: ContainerHook; readonly post_start?: ContainerHook } };
  readonly data_volumes?: readonly NotebookVolumeRequest[];
}

/** Body of update (local mode changes name and description only). */
export interface NotebookUpdateRequest {
  readonly name?: string;
  readonly description?: string;
  readonly endpoints?: readonly NotebookEndpointRequest[];
  readonly flavor?: string;
  readonly image_id?: string;
  /** GB, ≤ 4096; grows the EVS disk. */
  readonly storage_new_size?: number;
  readonly hooks?: NotebookCreateRequest['hooks'];
}

/** A notebook flavor. */
export interface NotebookFlavor {
  /** E.g. `modelarts.vm.cpu.2u`. */
  readonly id: string;
  readonly name: string;
  readonly arch: string;
  readonly category: 'CPU' | 'GPU' | 'ASCEND' | (string & {});
  readonly description?: string;
  readonly feature?: string;
  readonly free?: boolean;
  readonly sold_out?: boolean;
  readonly vcpus: number;
  /** KB (8 GB is 8388608). */
  readonly memory: number;
  readonly storages?: readonly string[];
  readonly gpu?: { readonly gpu?: number; readonly gpu_memory?: number; readonly type?: string };
  readonly ascend?: { readonly npu?: number; readonly npu_memory?: number; readonly type?: string };
  readonly billing?: { readonly code?: string; readonly unit_num?: number };
  readonly evs_max_size?: number;
  /** Local mode: how many of this flavor run at once. */
  readonly capacity?: number;
}

/** `GET …/notebooks/flavors`: the flavors are in `data` and (again) in `flavors`. */
export interface NotebookFlavorPage {
  readonly current?: number;
  readonly data?: NotebookFlavor[];
  readonly flavors?: NotebookFlavor[];
  readonly pages?: number;
  readonly size?: number;
  readonly total?: number;
}
