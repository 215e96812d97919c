import * as vscode from 'vscode';
import type { Image } from '../../../core/api/resources/images';
import type { NotebookFlavor } from '../../../core/api/resources/notebookTypes';
import { findPrivateKey } from '../../../core/config/keyFiles';
import { toAbortSignal } from '../../cancellation';
import { MultiStep } from '../../flows/multiStep';
import { autoStopHours, hoursLabel, keyPairNameProblem, notebookNameProblem } from '../../flows/validation';
import type { Services } from '../../services';
import { createKeyPair } from '../../ssh/keyPairStore';
import type { ImagesNode } from '../../views/images/describe';
import { describeLocalRuntime } from '../../views/notebooks/describe';
import { ViewIds } from '../../views/viewIds';
import { selectedNodes } from '../selection';
import { runningMessage } from './nextSteps';

interface Choices {
  name: string;
  flavor: NotebookFlavor;
  image: Image;
  /** undefined: no SSH. */
  keyPair?: string;
  newKeyPair?: boolean;
  hours: number;
}

const t = vscode.l10n.t;

/**
 * New notebook: name, flavor, an image the flavor can run, a key pair for SSH (an existing one,
 * a new one made here, or none), and when to stop it automatically; Back goes to the previous
 * step. Started from an image node, the image is already chosen.
 */
export async function createNotebook(services: Services, node?: ImagesNode): Promise<void> {
  const connection = services.session.require();
  const api = connection.api;
  const presetImage = selectedNodes('image', node)[0]?.image;
  const existing = new Set((await api.notebooks.listAll({ workspaceId: connection.workspaceId })).map((n) => n.name));
  const flow = new MultiStep(t('New Notebook'), presetImage ? 4 : 5);
  const choices = await flow.run<Choices>([
    async () => ({
      name: await flow.inputBox({
        prompt: t('Notebook name'),
        placeholder: 'dev-pytorch',
        validate: (v) =>
          notebookNameProblem(v, t) ?? (existing.has(v) ? t('A notebook named {0} already exists in this workspace.', v) : undefined),
      }),
    }),
    async () => {
      const flavors = api.notebooks
        .flavors()
        .then((list) => list.map((f) => ({ label: f.name, description: f.id, detail: f.description, flavor: f })));
      return { flavor: (await flow.pick({ placeholder: t('Flavor (compute size)'), items: flavors })).flavor };
    },
    ...(presetImage
      ? [async () => ({ image: presetImage })]
      : [
          async (state: Partial<Choices>) => {
            const category = state.flavor?.category ?? 'CPU';
            const images = api.images
              .listAll({ chip: category as 'CPU', service: 'NOTEBOOK', workspaceId: connection.workspaceId })
              .then((list) =>
                list.map((i) => ({
                  label: i.name,
                  description: i.dev_services?.includes('SSH') ? 'SSH' : t('no SSH'),
                  detail: i.description,
                  image: i,
                })),
              );
            // Local mode has no containers: the image names the notebook, this machine runs it.
            const runtime = connection.kind === 'local' ? (await images)[0]?.image.local_runtime : undefined;
            const placeholder = runtime
              ? t(
                  'Image that runs on {0}. In local mode it is a label only: the notebook runs {1}.',
                  category,
                  describeLocalRuntime(runtime, t),
                )
              : t('Image that runs on {0}', category);
            return { image: (await flow.pick({ placeholder, items: images })).image };
          },
        ]),
    async (state) => {
      if (!state.image?.dev_services?.includes('SSH')) return { keyPair: undefined };
      const pairs = api.keyPairs.list().then((list) => [
        { label: t('$(add) New key pair…'), description: t('made here; the private key stays on this machine'), value: '<new>' },
        ...list.map((k) => ({
          label: k.name,
          description: findPrivateKey(k.name) ? t('private key on this machine') : t('private key not on this machine'),
          value: k.name,
        })),
        { label: t('No SSH access'), description: '', value: '<none>' },
      ]);
      const chosen = await flow.pick({ placeholder: t('Key pair for SSH access'), items: pairs });
      if (chosen.value === '<none>') return { keyPair: undefined };
      if (chosen.value !== '<new>') return { keyPair: chosen.value };
      const taken = new Set((await api.keyPairs.list()).map((k) => k.name));
      const name = await flow.inputBox({
        prompt: t('Name of the new key pair'),
        value: `${state.name}-key`,
        validate: (v) => keyPairNameProblem(v, t) ?? (taken.has(v) ? t('A key pair named {0} already exists.', v) : undefined),
      });
      return { keyPair: name, newKeyPair: true };
    },
    async () => ({
      hours: (
        await flow.pick({
          placeholder: t('Stop it automatically after…'),
          items: autoStopHours.map((h) => ({ label: hoursLabel(h, t), hours: h })),
        })
      ).hours,
    }),
  ]);

  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t('Creating notebook {0}…', choices.name), cancellable: true },
    async (progress, token) => {
      const cancel = toAbortSignal(token);
      try {
        if (choices.newKeyPair && choices.keyPair) {
          const file = await createKeyPair(api, choices.keyPair, services.context, { signal: cancel.signal });
          services.log.info(`Key pair ${choices.keyPair} registered; private key in ${file}`);
        }
        const nb = await api.notebooks.create(
          {
            name: choices.name,
            flavor: choices.flavor.id,
            image_id: choices.image.id,
            workspace_id: connection.workspaceId,
            lease: { duration: choices.hours * 3_600_000, type: 'TIMING' },
            ...(choices.keyPair ? { endpoints: [{ service: 'SSH', key_pair_names: [choices.keyPair] }] } : {}),
          },
          { signal: cancel.signal },
        );
        services.trees.refresh(ViewIds.notebooks);
        progress.report({ message: t('starting…') });
        const running = await api.notebooks.waitFor(nb.id, 'RUNNING', { signal: cancel.signal });
        services.trees.refresh(ViewIds.notebooks);
        const { message, steps } = runningMessage(running, t);
        void vscode.window.showInformationMessage(message, ...steps.map((s) => s.label)).then((choice) => {
          const step = steps.find((s) => s.label === choice);
          if (step) void vscode.commands.executeCommand(step.command, { kind: 'notebook', notebook: running });
        });
      } finally {
        cancel.dispose();
      }
    },
  );
}
