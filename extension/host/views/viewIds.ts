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

/** True for the id of one of the six views (the Load more node passes its view's id as an argument). */
export function isViewId(value: unknown): value is ViewId {
  return Object.values(ViewIds).some((id) => id === value);
}
