import * as vscode from 'vscode';

/** The text a job's log channel shows for its charts: `modelarts-metrics:<job id>`, made a link below. */
export function metricsLinkText(jobId: string): string {
  return `modelarts-metrics:${jobId}`;
}

const pattern = /modelarts-metrics:([0-9a-zA-Z-]{1,64})/g;

/**
 * Makes `modelarts-metrics:<id>` in output channels (where job logs stream) a link that opens the
 * job's metrics panel: the log's first line points to the charts of the job being followed.
 */
export function registerMetricsLogLinks(): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider(
    { scheme: 'output' },
    {
      provideDocumentLinks(document) {
        const links: vscode.DocumentLink[] = [];
        // The header is the first line; a long log is not scanned.
        const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 3), 0));
        for (const m of head.matchAll(pattern)) {
          const start = document.positionAt(m.index);
          const end = document.positionAt(m.index + m[0].length);
          const args = encodeURIComponent(JSON.stringify([{ jobId: m[1] }]));
          const link = new vscode.DocumentLink(
            new vscode.Range(start, end),
            vscode.Uri.parse(`command:modelarts.trainingJobs.showMetrics?${args}`),
          );
          link.tooltip = vscode.l10n.t('Show the metrics of this job');
          links.push(link);
        }
        return links;
      },
    },
  );
}
