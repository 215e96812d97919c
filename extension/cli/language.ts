/**
 * The CLI's language. Under a Simplified Chinese locale it speaks Chinese: the core's errors and
 * hints (what the extension shows through vscode.l10n.t) come from the same zh-cn bundle the
 * extension ships; the CLI's own usage text and tables stay English, as most CLIs do.
 * `MODELARTS_LANG` (`zh-cn`, `en`) wins; then the POSIX order, LC_ALL, LC_MESSAGES, LANG.
 */
import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import { english, type Translate } from '../core/util/translate';

/** The language a locale name asks for: `zh_CN.UTF-8`, `zh-Hans`, `zh` → zh-cn; Traditional Chinese and the rest → en. */
export function languageOf(env: NodeJS.ProcessEnv): 'zh-cn' | 'en' {
  const name = [env.MODELARTS_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v.trim() !== '') ?? '';
  return /^zh(?:$|[-_.@](?!(?:TW|HK|MO|Hant)\b))/i.test(name.trim()) ? 'zh-cn' : 'en';
}

const chinese: Translate = (message, ...args) => english((zhCn as Record<string, string>)[message] ?? message, ...args);

/** The Translate for the CLI in this environment. */
export function cliTranslate(env: NodeJS.ProcessEnv): Translate {
  return languageOf(env) === 'zh-cn' ? chinese : english;
}
