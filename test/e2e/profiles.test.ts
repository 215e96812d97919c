import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  clickStatusBarItem,
  enter,
  eventually,
  leaveStatusBar,
  notification,
  pick,
  quickInputBox,
  quickInputMessage,
  statusBarItem,
  waitForStep,
} from './quickInput';
import { type SeededWorkbench, openSeededWorkbench, screenshots } from './seededWorkbench';
import { expandedPane } from './sidebar';
import { dataPaths, type Discovery } from '../../extension/local/dataDir';
import { runCommand } from '../tools/codeServer';

/**
 * Add Cloud Profile as a person does it: from the command palette and from the status bar's menu,
 * through the six steps of the quick input, with a live check before anything is saved. The "cloud" is the seeded local daemon
 * reached through the profile's endpoint overrides (its REST endpoint for ModelArts and IAM, its
 * S3 endpoint for OBS) with its own AK/SK and project id, so the check really signs and sends a
 * request, and a wrong SK is really refused.
 */
describe('e2e: Add Cloud Profile from the palette and the status bar menu', function () {
  this.timeout(300_000);
  let wb: SeededWorkbench;
  let page: Page;
  /** The daemon's discovery file, read as a person would copy the values from it. */
  let daemon: Discovery;

  before(async () => {
    wb = await openSeededWorkbench({ prefix: 'ma-e2e-profiles-' });
    page = wb.page;
    daemon = JSON.parse(readFileSync(dataPaths(wb.localHome).discovery, 'utf8')) as Discovery;
    await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await wb?.close();
  });

  /**
   * The settings file the extension's settings land in, as VS Code wrote it. They are `machine`
   * scoped, and code-server runs the extension on its server side, so VS Code writes them to the
   * server's (remote) settings, `Machine/settings.json`; a desktop window writes User settings.
   */
  function userSettingsText(): string {
    const machine = path.join(wb.server.userDataDir, 'Machine', 'settings.json');
    return readFileSync(existsSync(machine) ? machine : path.join(wb.server.userDataDir, 'User', 'settings.json'), 'utf8');
  }
  /** The settings as an object; {} while VS Code is halfway through writing the file. */
  function userSettings(): Record<string, unknown> {
    try {
      return JSON.parse(userSettingsText()) as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  /** Opens the status bar's menu (whatever platform it shows) and chooses `item`. */
  async function statusBarMenu(item: string): Promise<void> {
    await clickStatusBarItem(page, /ModelArts: /);
    await pick(page, item);
  }

  /**
   * Steps 1 to 5: name, region (CN North-Beijing4, cn-north-4, from the list), AK, SK (a password box), project id;
   * then "Enter endpoints…" on step 6. Leaves the flow at the ModelArts endpoint's box.
   */
  async function fillUpToEndpoints(name: string, sk: string): Promise<void> {
    const title = 'Add Cloud Profile';
    await waitForStep(page, title, 1, 6);
    await quickInputMessage(page, /Profile name/).waitFor({ timeout: 10_000 });
    await enter(page, name);
    await waitForStep(page, title, 2, 6);
    // Rows read the console's names; typing the code finds the row by its description.
    await quickInputBox(page).fill('cn-north-4');
    await pick(page, 'CN North-Beijing4');
    await waitForStep(page, title, 3, 6);
    await quickInputMessage(page, /Access key id/).waitFor({ timeout: 10_000 });
    await enter(page, daemon.ak);
    await waitForStep(page, title, 4, 6);
    await quickInputMessage(page, /Secret access key/).waitFor({ timeout: 10_000 });
    assert.equal(await quickInputBox(page).getAttribute('type'), 'password', 'the SK box does not hide what is typed');
    await enter(page, sk);
    await waitForStep(page, title, 5, 6);
    await quickInputMessage(page, /Project id/).waitFor({ timeout: 10_000 });
    await enter(page, daemon.project_id);
    await waitForStep(page, title, 6, 6);
    await pick(page, 'Enter endpoints (private cloud, proxy)…');
    await quickInputMessage(page, /ModelArts endpoint/).waitFor({ timeout: 10_000 });
  }

  /** The three endpoint boxes of step 6, each waited for by its prompt. */
  async function fillEndpoints(): Promise<void> {
    await enter(page, daemon.endpoint);
    await quickInputMessage(page, /OBS endpoint/).waitFor({ timeout: 10_000 });
    await enter(page, daemon.s3_endpoint);
    await quickInputMessage(page, /IAM endpoint/).waitFor({ timeout: 10_000 });
    await enter(page, daemon.endpoint);
  }

  it('a wrong SK is refused by the live check (flow run from the palette): an error, and nothing saved', async () => {
    await runCommand(page, 'ModelArts: Add Cloud Profile…');
    await fillUpToEndpoints('e2e-wrong', 'NotTheRightSecretKey0000');
    await fillEndpoints();
    const error = notification(page, /The profile was not saved: /);
    await error.waitFor({ timeout: 60_000 });
    // What to do, not the request line: the AK/SK hint and the platform's code.
    assert.match(await error.innerText(), /Check the access key \(AK\) and secret key \(SK\)[\s\S]*APIGW\.0301/);
    assert.doesNotMatch(await error.innerText(), /GET \/v1\//);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await notification(page, /Checking cloud profile/).waitFor({ state: 'hidden', timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-profile-wrong-sk.png'), animations: 'disabled' });
    // Edit and Try Again brings the flow back with what was typed; Escape then gives up.
    await error.getByRole('button', { name: 'Edit and Try Again' }).click();
    await waitForStep(page, 'Add Cloud Profile', 1, 6);
    assert.equal(await quickInputBox(page).inputValue(), 'e2e-wrong');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });

    const settings = userSettingsText();
    assert.ok(!settings.includes('e2e-wrong'), `a profile that failed its live check reached the settings:\n${settings}`);
    assert.ok(!settings.includes(daemon.ak), 'the access key reached the settings');
    assert.ok(!userSettings()['modelarts.activeProfile'], 'the active profile changed');
    await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 10_000 });
    await leaveStatusBar(page);
  });

  it('saves a profile that answers, connects to it, and keeps AK/SK out of the settings', async () => {
    await statusBarMenu('Add Cloud Profile…');
    await fillUpToEndpoints('e2e-cloud', daemon.sk);
    // A URL with a path is refused before anything is sent; the box says why.
    await quickInputBox(page).fill(`${daemon.endpoint}/v1`);
    await quickInputMessage(page, 'Give only scheme, host and port, with no path.').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-profile-endpoint-invalid.png'), animations: 'disabled' });
    await fillEndpoints();

    await statusBarItem(page, 'ModelArts: e2e-cloud (cn-north-4) · default').waitFor({ timeout: 60_000 });
    await notification(page, /Cloud profile e2e-cloud saved and connected/).waitFor({ timeout: 30_000 });
    await leaveStatusBar(page);
    // The views now read the "cloud": the seeded notebook through the ModelArts endpoint, the
    // bucket through the OBS one.
    await (
      await expandedPane(page, 'Notebooks')
    )
      .locator('.monaco-list-row', { hasText: new RegExp(`${wb.seeded.notebookName}.*running`) })
      .waitFor({ timeout: 60_000 });
    await (await expandedPane(page, 'Storage')).locator('.monaco-list-row', { hasText: wb.seeded.bucket }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-profile-connected.png'), animations: 'disabled' });

    const settings = await eventually(
      'modelarts.profiles in settings.json',
      () => userSettings(),
      (s) => Array.isArray(s['modelarts.profiles']) && s['modelarts.activeProfile'] === 'e2e-cloud',
    );
    assert.deepEqual(settings['modelarts.profiles'], [
      {
        name: 'e2e-cloud',
        region: 'cn-north-4',
        projectId: daemon.project_id,
        modelartsEndpoint: daemon.endpoint,
        obsEndpoint: daemon.s3_endpoint,
        iamEndpoint: daemon.endpoint,
      },
    ]);
    const text = userSettingsText();
    assert.ok(!text.includes(daemon.ak), 'the access key reached the settings');
    assert.ok(!text.includes(daemon.sk), 'the secret key reached the settings');
  });

  it('Switch Platform… → Local from the status bar menu goes back to local mode', async () => {
    await clickStatusBarItem(page, /ModelArts: e2e-cloud/);
    // Connected to a cloud profile, the menu also offers its regions.
    await page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Switch Region…' })
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(screenshots, 'modelarts-profile-menu.png'), animations: 'disabled' });
    await pick(page, 'Switch Platform…');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'e2e-cloud' }).waitFor({ timeout: 10_000 });
    await pick(page, 'Local');
    await statusBarItem(page, 'ModelArts: Local · default').waitFor({ timeout: 60_000 });
    await leaveStatusBar(page);
    await (
      await expandedPane(page, 'Notebooks')
    )
      .locator('.monaco-list-row', { hasText: wb.seeded.notebookName })
      .waitFor({ timeout: 60_000 });
    const settings = await eventually(
      'modelarts.activeProfile in settings.json',
      () => userSettings(),
      (s) => !s['modelarts.activeProfile'],
    );
    // The profile stays for the next switch; only the choice changed.
    assert.deepEqual(
      (settings['modelarts.profiles'] as { name: string }[]).map((p) => p.name),
      ['e2e-cloud'],
    );
  });
});
