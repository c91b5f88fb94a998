// A small line chart as inline SVG: the HTML report must be one self-contained file (no script,
// no CDN), readable offline and attachable to a CI run.

export interface ChartSeries {
  name: string;
  values: (number | null)[];
}
export interface ChartOptions {
  title: string;
  /** x values (seconds), one per value of each series. */
  x: number[];
  series: ChartSeries[];
  yUnit: string;
  /** Unit of the x tick labels (default "s": time series). */
  xUnit?: string;
  /** Horizontal reference lines, e.g. an SLO threshold. */
  lines?: { label: string; value: number }[];
  /** Shaded x ranges, e.g. windows that breached a threshold. */
  shade?: boolean[];
  width?: number;
  height?: number;
}

export const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** 0, 1, 2, 5, 10, 20, 50...: a round axis maximum at or above `value`. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * magnitude >= value) ?? 10) * magnitude;
}

const fmt = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();

export function lineChart(options: ChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 240;
  const m = { left: 56, right: 16, top: 28, bottom: 36 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const xs = options.x;
  const xMax = Math.max(1, xs.at(-1) ?? 1);
  const values = options.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = niceMax(Math.max(0, ...values, ...(options.lines ?? []).map((l) => l.value)));
  const px = (x: number) => m.left + (x / xMax) * plotW;
  const py = (y: number) => m.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [];

  const step = xs.length > 1 ? (xs[1] as number) - (xs[0] as number) : xMax;
  options.shade?.forEach((on, i) => {
    if (on && xs[i] !== undefined)
      parts.push(
        `<rect x="${px(xs[i])}" y="${m.top}" width="${Math.max(1, px(step) - px(0))}" height="${plotH}" fill="#fde0e0"/>`,
      );
  });
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(
      `<line x1="${m.left}" x2="${m.left + plotW}" y1="${py(y)}" y2="${py(y)}" stroke="#e5e5e5"/>`,
      `<text x="${m.left - 6}" y="${py(y) + 4}" text-anchor="end" font-size="11">${fmt(y)}</text>`,
    );
  }
  for (let i = 0; i <= 5; i++) {
    const x = (xMax * i) / 5;
    parts.push(
      `<text x="${px(x)}" y="${height - m.bottom + 16}" text-anchor="middle" font-size="11">${fmt(x)}${escapeHtml(options.xUnit ?? 's')}</text>`,
    );
  }
  for (const line of options.lines ?? [])
    parts.push(
      `<line x1="${m.left}" x2="${m.left + plotW}" y1="${py(line.value)}" y2="${py(line.value)}" stroke="#d62728" stroke-dasharray="5,4"/>`,
      `<text x="${m.left + plotW - 4}" y="${py(line.value) - 4}" text-anchor="end" font-size="11" fill="#d62728">${escapeHtml(line.label)}</text>`,
    );
  options.series.forEach((series, index) => {
    let d = '';
    let pen = false;
    series.values.forEach((value, i) => {
      if (value === null || xs[i] === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${px(xs[i]).toFixed(1)},${py(value).toFixed(1)}`;
      pen = true;
    });
    if (d)
      parts.push(`<path d="${d}" fill="none" stroke="${COLORS[index % COLORS.length]}" stroke-width="1.6"/>`);
  });
  const legend = options.series
    .map((s, i) => `<span style="color:${COLORS[i % COLORS.length]}">&#9632;</span> ${escapeHtml(s.name)}`)
    .join('&nbsp;&nbsp; ');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">
<text x="${m.left}" y="16" font-size="13" font-weight="bold">${escapeHtml(options.title)}</text>
<text x="12" y="${m.top - 8}" font-size="11">${escapeHtml(options.yUnit)}</text>
<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>
${parts.join('\n')}
</svg><figcaption>${legend}</figcaption></figure>`;
}
