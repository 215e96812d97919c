/**
 * Platform statuses as the views show them, in the user's language. The platform's codes
 * (`RUNNING`, `Completed`) stay the contextValues and icons; only the text is translated. A code
 * this table does not know is shown as the platform wrote it, never hidden.
 */
import type { Translate } from '../../core/util/translate';

/** A notebook's status in lower case, as the Notebooks view has always shown it ("running"). */
export function notebookStatusText(status: string, t: Translate): string {
  switch (status) {
    case 'INIT':
      return t('initializing');
    case 'CREATING':
      return t('creating');
    case 'STARTING':
      return t('starting');
    case 'RUNNING':
      return t('running');
    case 'STOPPING':
      return t('stopping');
    case 'STOPPED':
      return t('stopped');
    case 'DELETING':
      return t('deleting');
    case 'DELETED':
      return t('deleted');
    case 'SNAPSHOTTING':
      return t('saving an image');
    case 'ERROR':
      return t('error');
    case 'CREATE_FAILED':
      return t('create failed');
    case 'START_FAILED':
      return t('start failed');
    case 'DELETE_FAILED':
      return t('delete failed');
    case 'FROZEN':
      return t('frozen');
    default:
      return status.toLowerCase();
  }
}

/** A training job's phase (or secondary phase), with the names of the Training Jobs view's groups. */
export function jobPhaseText(phase: string, t: Translate): string {
  switch (phase) {
    case 'Creating':
      return t('Creating');
    case 'Pending':
      return t('Pending');
    case 'Waiting':
      return t('Waiting');
    case 'Running':
      return t('Running');
    case 'Failed':
      return t('Failed');
    case 'Completed':
      return t('Completed');
    case 'Terminating':
      return t('Terminating');
    case 'Terminated':
      return t('Terminated');
    case 'Abnormal':
      return t('Abnormal');
    default:
      return phase;
  }
}
