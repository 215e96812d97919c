import * as vscode from 'vscode';
import { type DeepLink, DeepLinkError, type DeepLinkPlatform, parseDeepLink } from '../../core/deepLinks/parse';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { isAbortError } from '../../core/util/abort';
import { connectToNotebook } from '../commands/ssh/connectToNotebook';
import { showJobDetails } from '../commands/trainingJobs/showJobDetails';
import { switchProfile } from '../commands/profiles/switchProfile';
import { describeError, errorForLog } from '../errorText';
import { notify } from '../notify';
import type { Services } from '../services';
import type { JobsNode } from '../views/trainingJobs/describe';

const t = vscode.l10n.t;

/** The confirmation a link asks for: a modal with the message, the detail and one action button. */
export interface DeepLinkQuestion {
  readonly message: string;
  readonly detail: string;
  readonly action: string;
}

/** Says yes or no to a question; the real one is a modal dialog. */
export type DeepLinkConfirm = (question: DeepLinkQuestion) => Promise<boolean>;

/** What following a link did, for the integration tests. */
export interface DeepLinkOutcome {
  /** The question asked, absent when the link was refused before asking. */
  readonly question?: DeepLinkQuestion;
  readonly followed: boolean;
  /** Why nothing (or not all) was done. */
  readonly error?: string;
  /** The job details panel's key, for a job link. */
  readonly panelKey?: string;
}

const modalConfirm: DeepLinkConfirm = async (q) =>
  (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, q.action)) === q.action;

/**
 * `vscode://modelarts.modelarts-toolkit/connect?…` and `…/job?…` (see core/deepLinks/parse.ts):
 * a link is checked in full first, then the user is asked in a modal what exactly will happen,
 * and only a yes acts. A refused or declined link changes nothing.
 */
export class DeepLinks implements vscode.UriHandler {
  constructor(private readonly services: Services) {}

  handleUri(uri: vscode.Uri): void {
    void this.follow(uri, modalConfirm);
  }

  async follow(uri: vscode.Uri, confirm: DeepLinkConfirm): Promise<DeepLinkOutcome> {
    const { services } = this;
    let link: DeepLink;
    try {
      link = parseDeepLink(
        uri,
        {
          extensionId: services.context.extension.id,
          profiles: services.profiles.list(),
          activeProfile: services.profiles.activeName(),
        },
        t,
      );
    } catch (err) {
      if (!(err instanceof DeepLinkError)) throw err;
      services.log.warn(`A link was refused: ${err.message}`);
      void vscode.window.showErrorMessage(t('The ModelArts link was not opened: {0}', err.message));
      return { followed: false, error: err.message };
    }
    const question = questionFor(link, services.profiles.activeName());
    if (!(await confirm(question))) return { question, followed: false };
    services.log.info(
      `Following a link: ${link.kind} ${link.kind === 'job' ? link.jobId : link.notebook} on ${link.platform.profile || 'local'}.`,
    );
    try {
      if (link.platform.switches) await switchProfile(services, link.platform.profile);
      if (link.kind === 'job') {
        // Show Details takes `{ jobId }` as a script passes it (it checks what it is given, whatever the type).
        const opened = (await showJobDetails(services, { jobId: link.jobId } as unknown as JobsNode)) as { key: string } | undefined;
        return { question, followed: opened !== undefined, ...(opened ? { panelKey: opened.key } : {}) };
      }
      const notebook = await findNotebook(services, link);
      const connected = await connectToNotebook(services, { kind: 'notebook', notebook });
      return { question, followed: connected !== undefined };
    } catch (err) {
      if (isAbortError(err)) return { question, followed: false };
      services.log.error(`Following the link failed: ${errorForLog(err)}`);
      notify('error', describeError(err, t), { [t('Show Log')]: () => services.log.show(true) }, services.log);
      return { question, followed: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** Exactly what a yes does: which notebook or job, on which platform, and whether the profile switches. */
export function questionFor(link: DeepLink, activeProfile: string): DeepLinkQuestion {
  const where = platformText(link.platform);
  const switching = link.platform.switches
    ? ' ' +
      t(
        'The active profile will be switched from {0} to {1}, and every ModelArts view will show it.',
        activeProfile || t('local mode'),
        link.platform.profile || t('local mode'),
      )
    : '';
  if (link.kind === 'job') {
    return {
      message: t('Open training job {0} from a link?', link.jobId),
      detail: t('Opens the details of training job {0} on {1}.', link.jobId, where) + switching,
      action: t('Open Job'),
    };
  }
  const workspace = link.workspace !== undefined ? ' ' + t('The notebook must be in workspace {0}.', link.workspace) : '';
  return {
    message: t('Connect to notebook {0} from a link?', link.notebook),
    detail:
      t(
        'Connects to notebook {0} on {1}, starting it if it is stopped: writes its Host entry into your SSH config and opens it in a new window.',
        link.notebook,
        where,
      ) +
      workspace +
      switching,
    action: t('Connect'),
  };
}

function platformText(platform: DeepLinkPlatform): string {
  return platform.profile === '' ? t('local mode') : t('profile {0} (region {1})', platform.profile, platform.region ?? '');
}

/** The link's notebook on the (now active) platform: by id, or the one notebook with that exact name. */
async function findNotebook(services: Services, link: Extract<DeepLink, { kind: 'connect' }>): Promise<Notebook> {
  const connection = services.session.require();
  let notebook: Notebook;
  if (link.notebookBy === 'id') {
    notebook = await connection.api.notebooks.get(link.notebook);
  } else {
    // The list's name filter is fuzzy: only an exact match counts.
    const named = (
      await connection.api.notebooks.listAll({ name: link.notebook, ...(link.workspace ? { workspaceId: link.workspace } : {}) })
    ).filter((n) => n.name === link.notebook);
    if (named.length === 0) throw new Error(t('There is no notebook named {0} on {1}.', link.notebook, platformText(link.platform)));
    if (named.length > 1)
      throw new Error(
        t(
          'Several notebooks are named {0} ({1}): open the link with the notebook’s id instead.',
          link.notebook,
          named.map((n) => n.id).join(', '),
        ),
      );
    notebook = named[0] as Notebook;
  }
  if (link.workspace !== undefined && notebook.workspace_id !== undefined && notebook.workspace_id !== link.workspace)
    throw new Error(t('Notebook {0} is not in workspace {1}.', link.notebook, link.workspace));
  return notebook;
}
