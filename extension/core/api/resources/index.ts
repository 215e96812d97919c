/** The typed resource methods of the platform client; see {@link ModelArtsApi}. */
export * from './common';
export * from './datasets';
export * from './images';
export * from './keyPairs';
export { ModelArtsApi, type ModelArtsApiOptions } from './modelArtsApi';
export * from './notebooks';
export * from './trainingJobs';
export * from './workspaces';
