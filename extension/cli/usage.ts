/** Exit codes every `modelarts` command keeps to, so scripts can tell failures apart. */
export const ExitCode = { ok: 0, apiError: 1, usageError: 2 } as const;

export const usageText = `Usage: modelarts [options] <command>

The ModelArts command line: the same client as the ModelArts Toolkit for VS Code.

Commands:
  local start|status|stop   the local platform daemon (see: modelarts local --help)

Options:
  --version   print the version and exit
  --help      print this help and exit

Exit codes: 0 success, 1 API error, 2 usage error.
`;
