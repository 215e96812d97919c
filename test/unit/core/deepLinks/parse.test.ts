import assert from 'node:assert/strict';
import { DeepLinkError, type DeepLinkContext, type DeepLinkUri, parseDeepLink } from '../../../../extension/core/deepLinks/parse';

const extensionId = 'modelarts.modelarts-toolkit';
const context: DeepLinkContext = {
  extensionId,
  profiles: [
    { name: 'bj4', region: 'cn-north-4' },
    { name: 'sh1', region: 'cn-east-3' },
    { name: 'sh1-team', region: 'cn-east-3' },
    { name: 'private', region: 'my-private-1' },
  ],
  activeProfile: 'bj4',
};
const jobId = '5f0b7c3a9d2e4f61a8b7c6d5e4f3a2b1';
const notebookId = '3faf5c03-aaa1-4cbe-879d-24b05d997347';

/** The parts of a link as vscode.Uri gives them (each decoded once). */
function uri(link: string): DeepLinkUri {
  const m = /^vscode:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/.exec(link);
  if (!m) throw new Error(`not a link: ${link}`);
  const decode = (s: string | undefined) => decodeURIComponent(s ?? '');
  return { authority: decode(m[1]), path: decode(m[2]), query: decode(m[3]), fragment: decode(m[4]) };
}

const parse = (link: string, ctx: DeepLinkContext = context) => parseDeepLink(uri(link), ctx);
function refused(link: string, message: RegExp, ctx: DeepLinkContext = context): void {
  assert.throws(
    () => parse(link, ctx),
    (err: unknown) => err instanceof DeepLinkError && message.test(err.message),
  );
}

describe('core/deepLinks/parse', () => {
  describe('links it follows', () => {
    it('a job on the active profile, and on another profile (which switches)', () => {
      assert.deepEqual(parse(`vscode://${extensionId}/job?id=${jobId}`), {
        kind: 'job',
        jobId,
        platform: { profile: 'bj4', region: 'cn-north-4', switches: false },
      });
      assert.deepEqual(parse(`vscode://${extensionId}/job?id=${notebookId}&profile=sh1`).platform, {
        profile: 'sh1',
        region: 'cn-east-3',
        switches: true,
      });
    });

    it('a notebook by id or by name, with a workspace, in local mode', () => {
      assert.deepEqual(parse(`vscode://${extensionId}/connect?notebook=${notebookId}&profile=local&workspace=0`), {
        kind: 'connect',
        notebook: notebookId,
        notebookBy: 'id',
        workspace: '0',
        platform: { profile: '', switches: true },
      });
      const byName = parse(`vscode://${extensionId}/connect?notebook=dev_box-2&profile=bj4&region=cn-north-4`);
      assert.equal(byName.kind === 'connect' && byName.notebookBy, 'name');
      assert.deepEqual(byName.platform, { profile: 'bj4', region: 'cn-north-4', switches: false });
    });

    it('a region alone: the active profile when it is there, else the one profile in it', () => {
      assert.equal(parse(`vscode://${extensionId}/job?id=${jobId}&region=cn-north-4`).platform.profile, 'bj4');
      assert.equal(parse(`vscode://${extensionId}/job?id=${jobId}&region=my-private-1`).platform.profile, 'private');
      assert.equal(
        parse(`vscode://${extensionId}/job?id=${jobId}&region=cn-east-3`, { ...context, activeProfile: 'sh1-team' }).platform.profile,
        'sh1-team',
      );
    });

    it('no profile and no region in local mode: stays in local mode', () => {
      assert.deepEqual(parse(`vscode://${extensionId}/job?id=${jobId}`, { ...context, activeProfile: '' }).platform, {
        profile: '',
        switches: false,
      });
    });

    it('the authority in any case, and parameters in any order', () => {
      const link = parse(`vscode://Modelarts.ModelArts-Toolkit/job?profile=sh1&id=${jobId}&`);
      assert.equal(link.kind === 'job' && link.jobId, jobId);
    });
  });

  describe('links it refuses', () => {
    it('another extension’s link, unknown paths, a fragment', () => {
      refused(`vscode://someone.else/job?id=${jobId}`, /not for the ModelArts Toolkit/);
      refused(`vscode://${extensionId}/delete?id=${jobId}`, /only \/connect and \/job/);
      refused(`vscode://${extensionId}/job/?id=${jobId}`, /only \/connect and \/job/);
      refused(`vscode://${extensionId}/../job?id=${jobId}`, /only \/connect and \/job/);
      refused(`vscode://${extensionId}/job?id=${jobId}#x`, /fragment/);
    });

    it('missing, empty, repeated and unknown parameters', () => {
      refused(`vscode://${extensionId}/job`, /needs id=/);
      refused(`vscode://${extensionId}/connect?profile=bj4`, /needs notebook=/);
      refused(`vscode://${extensionId}/job?id=`, /id is empty/);
      refused(`vscode://${extensionId}/job?id`, /id is empty/);
      refused(`vscode://${extensionId}/job?id=${jobId}&id=${jobId}`, /gives id twice/);
      refused(`vscode://${extensionId}/job?id=${jobId}&workspace=0`, /unknown parameter workspace; it may have only id, profile, region/);
      refused(`vscode://${extensionId}/job?id=${jobId}&confirmed=true`, /unknown parameter confirmed/);
      refused(`vscode://${extensionId}/connect?notebook=dev&command=rm`, /unknown parameter command/);
    });

    it('ids, names and workspaces of the wrong shape', () => {
      refused(`vscode://${extensionId}/job?id=first-run`, /not a training job id/);
      refused(`vscode://${extensionId}/job?id=${jobId}0`, /not a training job id/);
      refused(`vscode://${extensionId}/connect?notebook=${'a'.repeat(129)}`, /neither a notebook id nor a notebook name/);
      refused(`vscode://${extensionId}/connect?notebook=dev&workspace=ws-1`, /not a workspace id/);
    });

    it('profiles and regions this window does not have, or that disagree', () => {
      refused(`vscode://${extensionId}/job?id=${jobId}&profile=nobody`, /no cloud profile named nobody/);
      refused(
        `vscode://${extensionId}/job?id=${jobId}&profile=bj4&region=cn-east-3`,
        /region cn-east-3, but profile bj4 is in region cn-north-4/,
      );
      refused(`vscode://${extensionId}/job?id=${jobId}&profile=local&region=cn-north-4`, /local mode, which has no region/);
      refused(`vscode://${extensionId}/job?id=${jobId}&region=mars-north-1`, /not a known region/);
      refused(`vscode://${extensionId}/job?id=${jobId}&region=cn-south-1`, /No cloud profile of this window is in region cn-south-1/);
      refused(`vscode://${extensionId}/job?id=${jobId}&region=cn-east-3`, /Several profiles are in region cn-east-3 \(sh1, sh1-team\)/);
    });

    it('injection attempts: encoded separators, doubled encoding, control characters, shell and path text', () => {
      // `%26` is decoded once by VS Code into `&`: it splits like a written `&`, so it can only say what a plain link says.
      refused(`vscode://${extensionId}/connect?notebook=dev%26command%3Drm`, /unknown parameter command/);
      // `%2526` arrives as `%26` and is never decoded again: it is no name.
      refused(`vscode://${extensionId}/connect?notebook=dev%2526profile%3Dsh1`, /neither a notebook id nor a notebook name/);
      refused(`vscode://${extensionId}/connect?notebook=dev%0AConnect%20to%20prod`, /neither a notebook id nor a notebook name/);
      refused(`vscode://${extensionId}/connect?notebook=$(rm%20-rf%20~)`, /neither a notebook id nor a notebook name/);
      refused(`vscode://${extensionId}/connect?notebook=../../etc/passwd`, /neither a notebook id nor a notebook name/);
      refused(`vscode://${extensionId}/job?id=${jobId}&profile=bj4;rm`, /not a profile name/);
      refused(`vscode://${extensionId}/job?id=${jobId}&region=cn-north-4%0A`, /not a region code/);
      refused(`vscode://${extensionId}/job?id=${jobId}&profile=__proto__`, /not a profile name/);
      refused(`vscode://${extensionId}/job?id=${jobId}&constructor=x`, /unknown parameter constructor/);
      refused(`vscode://${extensionId}/job?id=${jobId}&${'x'.repeat(3000)}=1`, /too long/);
      // A parameter name that is not a plain word is not repeated in the message.
      assert.throws(
        () => parse(`vscode://${extensionId}/job?id=${jobId}&%E2%80%AEevil=1`),
        (err: Error) => err.message.includes('unknown parameter …') && !err.message.includes('evil'),
      );
    });
  });
});
