import assert from 'node:assert/strict';
import { SshConnection } from '../../../../extension/core/ssh/connection';
import { formatDelay, SshTerminal, type TerminalExit, type TerminalStatus } from '../../../../extension/core/ssh/terminal';
import { startNotebookSshServer } from '../../../../extension/local/ssh/notebookSshServer';
import { ensureCommand } from '../../../helpers/peers';
import { connectionOptionsFor } from './fixtureConnection';
import { type SshFixture, startFixture, waitFor } from '../../local/ssh/harness';

describe('core/ssh terminal: a pty shell in a notebook', () => {
  let fx: SshFixture;
  let conn: SshConnection;
  let term: SshTerminal;
  let output: string;
  let statuses: TerminalStatus[];
  let exits: TerminalExit[];

  before(async () => {
    ensureCommand('script', 'bsdutils'); // the local notebook's pty helper
    fx = await startFixture();
  });
  beforeEach(async () => {
    conn = new SshConnection(connectionOptionsFor(fx));
    await conn.connect();
    term = new SshTerminal(conn);
    output = '';
    statuses = [];
    exits = [];
    term.onData((text) => (output += text));
    term.onStatus((s) => statuses.push(s));
    term.onExit((e) => exits.push(e));
  });
  afterEach(() => {
    term?.dispose();
    conn?.dispose();
  });
  after(async () => fx?.dispose());

  /** Waits until the output after `from` matches, and returns that part of the output. */
  const outputMatching = (pattern: RegExp, from = 0, limitMs = 15_000): Promise<string> =>
    waitFor(() => (pattern.test(output.slice(from)) ? output.slice(from) : undefined), `terminal output matching ${pattern}`, limitMs);

  it('opens an interactive shell on a pty with TERM, echo and a prompt', async () => {
    await term.open({ cols: 80, rows: 24, env: { MY_TERMINAL_VAR: 'set' } });
    assert.deepEqual(statuses, [{ kind: 'open', reopened: false }]);
    term.write('echo "T=$TERM V=$MY_TERMINAL_VAR"; tty\r');
    const seen = await outputMatching(/^\/dev\/pts\/\d+\r$/m);
    assert.match(seen, /echo "T=\$TERM V=\$MY_TERMINAL_VAR"; tty/, 'the pty echoes what was typed');
    assert.match(seen, /^T=xterm-256color V=set\r$/m);
    const mark = output.length;
    term.write('\r');
    await outputMatching(/[$#] $/, mark); // a fresh prompt
  });

  it('applies resize to the running shell', async () => {
    await term.open({ cols: 80, rows: 24 });
    term.write('stty size\r');
    await outputMatching(/^24 80\r$/m);
    term.resize(132, 43);
    // The size is applied from outside the shell; poll until `stty size` sees it.
    await waitFor(
      async () => {
        const mark = output.length;
        term.write('stty size\r');
        try {
          await outputMatching(/^\d+ \d+\r$/m, mark, 5000);
        } catch {
          return undefined;
        }
        return /^43 132\r$/m.test(output.slice(mark)) ? true : undefined;
      },
      'stty size to show 43 132',
      30_000,
    );
  });

  it('passes colour escape sequences and UTF-8 text through untouched', async () => {
    await term.open({ cols: 80, rows: 24 });
    term.write("printf '\\033[38;5;208mORANGE\\033[0m %s\\n' \"$(printf '\\xe6\\xa8\\xa1\\xe5\\x9e\\x8b')\"\r");
    const escape = '\u001b';
    const seen = await outputMatching(new RegExp(`${escape}\\[38;5;208mORANGE${escape}\\[0m 模型`));
    assert.ok(!seen.includes('\ufffd'), 'no replacement characters');
  });

  it("reports the shell's exit and its status", async () => {
    await term.open({ cols: 80, rows: 24 });
    term.write('exit 3\r');
    await waitFor(() => (exits.length ? true : undefined), 'the exit event');
    assert.deepEqual(exits, [{ code: 3, signal: undefined }]);
    assert.deepEqual(statuses.at(-1), { kind: 'exited', code: 3, signal: undefined });
    term.write('ignored after exit\r'); // no throw
  });

  it('announces a dropped link, reconnects, and opens a new shell at the current size', async () => {
    await term.open({ cols: 80, rows: 24 });
    term.write('echo "OLD=$$"\r');
    await outputMatching(/^OLD=\d+\r$/m);
    term.resize(100, 30);

    const port = fx.server.port;
    await fx.server.close();
    try {
      await outputMatching(/\r\n\[ModelArts\] The connection to .* was lost \(The server closed the connection\)\.\r\n/);
      await outputMatching(/\[ModelArts\] Connection lost; reconnecting \(attempt 1, in [\d.]+ s\)…\r\n/);
      assert.ok(statuses.some((s) => s.kind === 'lost'));
      term.write('typed while down\r'); // dropped, not queued
    } finally {
      fx.server = await startNotebookSshServer({ ...fx.options, port });
    }

    await waitFor(() => (statuses.some((s) => s.kind === 'open' && s.reopened) ? true : undefined), 'a new shell', 30_000);
    await outputMatching(/\[ModelArts\] Reconnected\. This is a new shell/);
    assert.deepEqual(exits, [], 'the terminal did not end');
    const mark = output.length;
    term.write('echo "NEW=$$"; stty size\r');
    const seen = await outputMatching(/^30 100\r$/m, mark);
    assert.match(seen, /^NEW=\d+\r$/m);
    assert.ok(!output.includes('typed while down: command not found'), 'input typed while the link was down was not replayed');
  });

  it('ends with the reason when the connection closes for good', async () => {
    await term.open({ cols: 80, rows: 24 });
    conn.dispose();
    await waitFor(() => (exits.length ? true : undefined), 'the exit event');
    assert.equal(exits[0]?.code, undefined);
    assert.match(exits[0]?.reason?.message ?? '', /closed/);
    assert.equal(statuses.at(-1)?.kind, 'closed');
  });

  it('formats reconnect delays for people', () => {
    assert.equal(formatDelay(4000), '4 s');
    assert.equal(formatDelay(150), '0.2 s');
    assert.equal(formatDelay(29_600), '30 s');
    assert.equal(formatDelay(10), '0.1 s');
  });
});
