/**
 * The typed platform API every view, command and the `modelarts` CLI call, the same for Huawei
 * Cloud ModelArts and for local mode: `new ModelArtsApi(createPlatformClient(config))`, then e.g.
 * `await api.notebooks.start(id, { signal })`.
 */
import type { PlatformClient } from '../client';
import type { HttpClient } from '../http';
import { DatasetsApi } from './datasets';
import { ImagesApi } from './images';
import { KeyPairsApi } from './keyPairs';
import { NotebooksApi } from './notebooks';
import { TrainingJobsApi } from './trainingJobs';
import { WorkspacesApi } from './workspaces';

/** Options of {@link ModelArtsApi}. */
export interface ModelArtsApiOptions {
  /**
   * The client for key pairs. Default: the ModelArts client, which is right for local mode; on
   * Huawei Cloud key pairs live on the ECS/KPS endpoint (`ecs.{region}.myhuaweicloud.com`).
   */
  readonly keyPairs?: HttpClient;
}

/** One object per resource family, over one platform client. */
export class ModelArtsApi {
  readonly workspaces: WorkspacesApi;
  readonly images: ImagesApi;
  readonly notebooks: NotebooksApi;
  readonly trainingJobs: TrainingJobsApi;
  readonly datasets: DatasetsApi;
  readonly keyPairs: KeyPairsApi;

  constructor(
    readonly client: PlatformClient,
    options: ModelArtsApiOptions = {},
  ) {
    const http = client.modelarts;
    this.workspaces = new WorkspacesApi(http);
    this.images = new ImagesApi(http);
    this.notebooks = new NotebooksApi(http);
    this.trainingJobs = new TrainingJobsApi(http);
    this.datasets = new DatasetsApi(http);
    this.keyPairs = new KeyPairsApi(options.keyPairs ?? http);
  }
}
