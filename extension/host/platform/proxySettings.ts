import * as vscode from 'vscode';
import { type EditorProxySettings, ProxySettingError, effectiveProxySettings } from '../../core/api/editorProxy';
import { proxySettingsFromEnv, type ProxySettings } from '../../core/api/proxy';

/** The editor settings that decide how cloud calls reach the network. */
const proxySettingNames = ['http.proxy', 'http.noProxy', 'http.proxyStrictSSL'] as const;

/** What the settings say now, read as VS Code holds them (unset values dropped). */
function readEditorSettings(): EditorProxySettings {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<unknown>('proxy');
  const noProxy = http.get<unknown>('noProxy');
  const strictSSL = http.get<unknown>('proxyStrictSSL');
  return {
    ...(typeof proxy === 'string' && proxy.trim() ? { proxy } : {}),
    ...(Array.isArray(noProxy) ? { noProxy: noProxy.filter((e): e is string => typeof e === 'string') } : {}),
    ...(typeof strictSSL === 'boolean' ? { strictSSL } : {}),
  };
}

/**
 * The proxy settings for new API and storage clients: the editor's settings over the
 * environment's. A setting that cannot be used is reported in `problem` (l10n, naming the
 * setting, never its value: a proxy URL may carry a password), and the environment's settings
 * stand in for it.
 */
export function editorProxySettings(): { settings: ProxySettings; problem?: string } {
  try {
    return { settings: effectiveProxySettings(readEditorSettings()) };
  } catch (err) {
    if (!(err instanceof ProxySettingError)) throw err;
    const problem =
      err.setting === 'http.proxy'
        ? vscode.l10n.t('The setting http.proxy is not an http:// or https:// proxy URL (for example http://proxy.example.com:3128).')
        : vscode.l10n.t('Each entry of the setting http.noProxy must be one host, domain or address, without spaces or commas.');
    return { settings: proxySettingsFromEnv(), problem };
  }
}

/** Fires when one of the proxy settings changes (in any scope). */
export function onDidChangeProxySettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (proxySettingNames.some((name) => e.affectsConfiguration(name))) listener();
  });
}
