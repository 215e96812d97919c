/** Exit codes every `modelarts` command keeps to, so scripts can tell failures apart. */
export const ExitCode = { ok: 0, apiError: 1, usageError: 2 } as const;

/** `modelarts --help`, with the command list filled in. */
export function usageText(commands: string): string {
  return `Usage: modelarts [global options] <command> [arguments]

The ModelArts command line: the same client as the ModelArts Toolkit for VS Code.
With no global options it works on local mode (the platform on this machine), starting its
daemon when needed.

Commands:
${commands}
  local start|status|stop   the local platform daemon (see: modelarts local --help)

Global options:
  --profile NAME        a profile from ~/.modelarts/profiles.json
  --region REGION       a Huawei Cloud region, e.g. cn-north-4
  --endpoint URL        the ModelArts endpoint (private clouds)
  --ak AK --sk SK       access keys (else HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, or ~/.modelarts/credentials.json)
  --project-id ID       else HUAWEICLOUD_SDK_PROJECT_ID, else looked up from IAM
  --output json|table   json prints the API's own objects (default: table)
  --help, -h            help for a group or a command: modelarts job --help, modelarts job submit --help
  --version             print the version

Exit codes: 0 success, 1 API error, 2 usage error.
`;
}
