/**
 * The proxy settings of an editor session: VS Code's `http.proxy`, `http.noProxy` and
 * `http.proxyStrictSSL` over the environment's `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`. Pure, so
 * the precedence is tested without an editor; the host reads the settings and passes them here.
 * (The CLI has no editor settings and uses proxySettingsFromEnv alone.)
 */
import { proxySettingsFromEnv, type ProxySettings } from './proxy';

/** The editor's values as read; unset ones absent (`http.proxy` "" and `http.noProxy` [] are VS Code's defaults). */
export interface EditorProxySettings {
  readonly proxy?: string;
  readonly noProxy?: readonly string[];
  readonly strictSSL?: boolean;
}

/** A setting whose value cannot be used, named as the user sees it in the Settings editor. */
export class ProxySettingError extends Error {
  constructor(
    readonly setting: 'http.proxy' | 'http.noProxy',
    message: string,
  ) {
    super(message);
    this.name = 'ProxySettingError';
  }
}

/**
 * The settings to give the API and storage clients. Each editor setting that is set wins over its
 * environment counterpart: `http.proxy` (one proxy for http and https targets, as VS Code uses
 * it) over `HTTPS_PROXY`/`HTTP_PROXY`, a non-empty `http.noProxy` over `NO_PROXY`. Only
 * `http.proxyStrictSSL: false` turns certificate checks off, and only for proxied connections.
 * Throws a {@link ProxySettingError} for an `http.proxy` that is not an http(s) URL, before any
 * client is built with it.
 */
export function effectiveProxySettings(editor: EditorProxySettings, env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const fromEnv = proxySettingsFromEnv(env);
  const out: { httpsProxy?: string; httpProxy?: string; noProxy?: string; strictSSL?: boolean } = {};
  const proxy = editor.proxy?.trim();
  if (proxy) {
    checkProxyUrl(proxy);
    out.httpsProxy = proxy;
    out.httpProxy = proxy;
  } else {
    if (fromEnv.httpsProxy) out.httpsProxy = fromEnv.httpsProxy;
    if (fromEnv.httpProxy) out.httpProxy = fromEnv.httpProxy;
  }
  const noProxy = (editor.noProxy ?? []).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (noProxy.some((entry) => /[\s,]/.test(entry)))
    throw new ProxySettingError('http.noProxy', 'Each entry of http.noProxy is one host, domain or address, without spaces or commas.');
  if (noProxy.length > 0) out.noProxy = noProxy.join(',');
  else if (fromEnv.noProxy) out.noProxy = fromEnv.noProxy;
  if (editor.strictSSL === false) out.strictSSL = false;
  return out;
}

/** `proxy.corp:3128` (no scheme) is taken as http://, as curl and proxyFor do. */
function checkProxyUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new ProxySettingError('http.proxy', 'http.proxy is not a URL (for example http://proxy.example.com:3128).');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ProxySettingError('http.proxy', `http.proxy must be an http:// or https:// URL, not ${url.protocol}//.`);
  if (!url.hostname) throw new ProxySettingError('http.proxy', 'http.proxy names no host (for example http://proxy.example.com:3128).');
}
