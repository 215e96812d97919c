/**
 * Every user-visible string of the metrics panel, in English and Simplified Chinese, keyed by
 * the locale the host answers `core/ready` with. A key missing from one table fails to compile
 * (both tables share one key type), so no string can ship in one language only.
 */

const en = {
  'app.connecting': 'Connecting to the extension…',
  'loading.files': 'Reading {read} of {total} files · {points} points',
  'loading.points': 'Reading · {points} points so far',
  'loading.partial': 'Charts show what has been read so far and grow as reading goes on.',
  'empty.title': 'No metrics yet',
  'empty.intro': 'Charts appear here as soon as the training script writes metrics, in either of two ways:',
  'empty.stdout.title': 'Print MA_METRIC lines',
  'empty.stdout.note':
    'Every line the job prints that starts with MA_METRIC, such as “MA_METRIC loss=0.31 step=10”, adds a point per name=value; step= is the x axis.',
  'empty.tensorboard.title': 'Write TensorBoard event files',
  'empty.tensorboard.note': 'Event files under MA_SUMMARY_DIR (or ./runs when it is not set) are read while they grow.',
  'empty.noMatch': 'No tag matches the filter “{filter}”.',
  'warnings.title': 'Warnings ({count})',
  'filter.label': 'Filter tags',
  'filter.placeholder': 'Regular expression, e.g. loss|acc',
  'filter.error': 'Not a valid regular expression ({message}); nothing is filtered.',
  'filter.count': '{shown} of {total} tags',
  'axis.label': 'X axis',
  'axis.step': 'Step',
  'axis.relative': 'Relative time',
  'axis.wall': 'Wall time',
  'log.label': 'Log scale',
  'outliers.label': 'Ignore outliers',
  'outliers.hint': 'The y axis spans the 2nd to 98th percentile of the points in view, so a few spikes do not flatten the curve.',
  'smoothing.label': 'Smoothing',
  'export.csv': 'Export CSV',
  'export.json': 'Export JSON',
  'export.hint': 'Every point of the shown runs and tags, not only what is drawn',
  'export.done': 'Wrote {points} points to {file}.',
  'export.failed': 'Export failed: {message}',
  'export.nothing': 'Nothing to export: no run or tag is shown.',
  'image.save': 'PNG',
  'image.saveHint': 'Save the chart {tag} as a PNG image',
  'image.saved': 'Saved {file}.',
  'image.failed': 'Could not save the image: {message}',
  'chart.noRuns': 'No shown run has points for this tag.',
  'chart.loading': 'Loading…',
  'chart.failed': 'Could not load this chart: {message}',
  'chart.label': '{tag}. Drag or press + and − to zoom, arrows to pan; double-click or 0 resets.',
  'chart.role': 'chart',
  'chart.zoomed': 'zoomed · double-click resets',
  'note.all': '{points} points, every point drawn',
  'note.bucketed': '{points} points · 1 px = {perPx} points',
  'note.zoomedAll': '{inRange} of {total} points in view, every point drawn',
  'note.zoomedBucketed': '{inRange} of {total} points in view · 1 px = {perPx} points',
  'group.general': 'General',
  'group.resources': 'Resource usage',
  'group.count': '{count} charts',
  'runs.title': 'Runs',
  'runs.count': '{shown} of {total} shown',
  'runs.showAll': 'Show all',
  'runs.hideAll': 'Hide all',
  'runs.tag': 'Summary of',
  'runs.best': 'Best is',
  'runs.col.run': 'Run',
  'runs.col.status': 'Status',
  'runs.col.last': 'Last',
  'runs.col.best': 'Best ({dir})',
  'runs.sortBy': 'Sort by {column}',
  'runs.toggle': 'Show {name} in the charts',
  'best.auto': 'Automatic ({dir})',
  'best.min': 'lowest',
  'best.max': 'highest',
  'run.live': 'live',
  'run.finished': 'Finished',
  'run.outcome': '{phase}',
  'run.outcomeReason': '{phase}: {reason}',
  'phase.Completed': 'Completed',
  'phase.Failed': 'Failed',
  'phase.Terminated': 'Terminated',
  'phase.Abnormal': 'Abnormal',
  'legend.step': 'step',
  'legend.value': 'value',
  'legend.smoothed': 'smoothed',
  'legend.more': '+{count} more runs',
  'time.relative': 'relative time',
  'time.wall': 'wall time',
} as const;

export type MessageKey = keyof typeof en;

const zhCn: Record<MessageKey, string> = {
  'app.connecting': '正在连接扩展…',
  'loading.files': '正在读取第 {read} / {total} 个文件 · {points} 个点',
  'loading.points': '正在读取 · 已读 {points} 个点',
  'loading.partial': '图表显示已读取的部分，读取过程中会继续增长。',
  'empty.title': '还没有指标',
  'empty.intro': '训练脚本一写出指标，图表就会出现在这里。有两种方式：',
  'empty.stdout.title': '打印 MA_METRIC 行',
  'empty.stdout.note':
    '作业输出中以 MA_METRIC 开头的每一行（例如“MA_METRIC loss=0.31 step=10”）为每个 name=value 添加一个点；step= 作为横轴。',
  'empty.tensorboard.title': '写 TensorBoard 事件文件',
  'empty.tensorboard.note': '读取 MA_SUMMARY_DIR（未设置时为 ./runs）下的事件文件，文件增长时持续读取。',
  'empty.noMatch': '没有标签匹配筛选条件“{filter}”。',
  'warnings.title': '警告（{count}）',
  'filter.label': '筛选标签',
  'filter.placeholder': '正则表达式，例如 loss|acc',
  'filter.error': '不是有效的正则表达式（{message}），未做筛选。',
  'filter.count': '{shown} / {total} 个标签',
  'axis.label': '横轴',
  'axis.step': '步数',
  'axis.relative': '相对时间',
  'axis.wall': '绝对时间',
  'log.label': '对数坐标',
  'outliers.label': '忽略离群值',
  'outliers.hint': '纵轴范围取视图内数据点的第 2 到第 98 百分位，少数尖峰不会压平曲线。',
  'smoothing.label': '平滑',
  'export.csv': '导出 CSV',
  'export.json': '导出 JSON',
  'export.hint': '导出所显示运行和标签的全部数据点，而不只是绘制出的点',
  'export.done': '已将 {points} 个点写入 {file}。',
  'export.failed': '导出失败：{message}',
  'export.nothing': '没有可导出的内容：未显示任何运行或标签。',
  'image.save': 'PNG',
  'image.saveHint': '将图表 {tag} 保存为 PNG 图片',
  'image.saved': '已保存 {file}。',
  'image.failed': '无法保存图片：{message}',
  'chart.noRuns': '所显示的运行都没有此标签的数据点。',
  'chart.loading': '正在加载…',
  'chart.failed': '无法加载此图表：{message}',
  'chart.label': '{tag}。拖动或按 + 和 − 缩放，方向键平移；双击或按 0 复原。',
  'chart.role': '图表',
  'chart.zoomed': '已缩放 · 双击复原',
  'note.all': '{points} 个点，全部绘制',
  'note.bucketed': '{points} 个点 · 1 像素 = {perPx} 个点',
  'note.zoomedAll': '视图内 {inRange} / {total} 个点，全部绘制',
  'note.zoomedBucketed': '视图内 {inRange} / {total} 个点 · 1 像素 = {perPx} 个点',
  'group.general': '常规',
  'group.resources': '资源使用',
  'group.count': '{count} 个图表',
  'runs.title': '运行',
  'runs.count': '显示 {shown} / {total}',
  'runs.showAll': '全部显示',
  'runs.hideAll': '全部隐藏',
  'runs.tag': '汇总指标',
  'runs.best': '最佳值取',
  'runs.col.run': '运行',
  'runs.col.status': '状态',
  'runs.col.last': '最新',
  'runs.col.best': '最佳（{dir}）',
  'runs.sortBy': '按{column}排序',
  'runs.toggle': '在图表中显示 {name}',
  'best.auto': '自动（{dir}）',
  'best.min': '最小',
  'best.max': '最大',
  'run.live': '进行中',
  'run.finished': '已结束',
  'run.outcome': '{phase}',
  'run.outcomeReason': '{phase}：{reason}',
  'phase.Completed': '已完成',
  'phase.Failed': '失败',
  'phase.Terminated': '已终止',
  'phase.Abnormal': '异常',
  'legend.step': '步数',
  'legend.value': '值',
  'legend.smoothed': '平滑值',
  'legend.more': '另有 {count} 个运行',
  'time.relative': '相对时间',
  'time.wall': '绝对时间',
};

const tables: Record<string, Record<MessageKey, string>> = { en, 'zh-cn': zhCn };

/** The languages the panel speaks; anything else falls back to English. */
export const supportedLocales = Object.keys(tables);

export type Vars = Readonly<Record<string, string | number>>;

export interface Messages {
  /** The table's locale (`en` or `zh-cn`), for Intl formatting. */
  readonly locale: string;
  t(key: MessageKey, vars?: Vars): string;
  /** A count with grouping (1,000,000 or 1,000,000 in zh too). */
  count(n: number): string;
}

/** `zh-CN`, `zh-cn`, `zh-Hans` and `zh` all get the Chinese table; everything else English. */
export function resolveLocale(locale: string): string {
  const l = locale.toLowerCase();
  if (tables[l]) return l;
  if (l === 'zh' || l.startsWith('zh-hans') || l === 'zh-sg') return 'zh-cn';
  return 'en';
}

export function messagesFor(locale: string): Messages {
  const resolved = resolveLocale(locale);
  const table = tables[resolved] ?? en;
  const counts = new Intl.NumberFormat(resolved === 'zh-cn' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 0 });
  return {
    locale: resolved,
    t: (key, vars) => {
      const text = table[key];
      if (!vars) return text;
      // Numbers in a message are counts: grouped, so "1,000,000 points" reads at a glance.
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const v = vars[name];
        if (v === undefined) return whole;
        return typeof v === 'number' ? counts.format(v) : v;
      });
    },
    count: (n) => counts.format(n),
  };
}

/** For tests: both tables, to check that no string is empty or left untranslated by accident. */
export const messageTables: Readonly<Record<string, Readonly<Record<MessageKey, string>>>> = tables;
