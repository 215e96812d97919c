/** The six views of the ModelArts container, in the order the manifest declares them. */
export const ViewIds = {
  workspaces: 'modelarts.workspaces',
  notebooks: 'modelarts.notebooks',
  images: 'modelarts.images',
  trainingJobs: 'modelarts.trainingJobs',
  datasets: 'modelarts.datasets',
  storage: 'modelarts.storage',
} as const;

export type ViewId = (typeof ViewIds)[keyof typeof ViewIds];
