/**
 * Every route of the platform API the toolkit uses, by family. The client calls through these; the
 * daemon serves them (all but the `cloudOnly` ones); a unit test holds the two together.
 */
import { datasetRoutes } from './datasets';
import { iamRoutes } from './iam';
import { imageRoutes } from './images';
import { keyPairRoutes } from './keyPairs';
import { notebookRoutes } from './notebooks';
import type { AnyRoute } from './route';
import { trainingJobRoutes } from './trainingJobs';
import { workspaceRoutes } from './workspaces';

export * from './route';
export { datasetRoutes, iamRoutes, imageRoutes, keyPairRoutes, notebookRoutes, trainingJobRoutes, workspaceRoutes };

export const routeFamilies = {
  workspaces: workspaceRoutes,
  images: imageRoutes,
  keyPairs: keyPairRoutes,
  notebooks: notebookRoutes,
  trainingJobs: trainingJobRoutes,
  datasets: datasetRoutes,
  iam: iamRoutes,
} as const;

/** Every descriptor, each with the family and name it is known by (`notebooks.stop`). */
export function allRoutes(): { readonly name: string; readonly route: AnyRoute }[] {
  return Object.entries(routeFamilies).flatMap(([family, routes]) =>
    Object.entries(routes as Readonly<Record<string, AnyRoute>>).map(([name, route]) => ({ name: `${family}.${name}`, route })),
  );
}
