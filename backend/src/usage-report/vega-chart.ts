// Bar charts for printed reports, without a browser: Vega-Lite describes the chart, Vega lays it out
// headless in Node (its scenegraph: every bar, tick and label with its position), and this module
// draws that scenegraph into the PDF page with pdf-lib in the report's Japanese font. So the charts
// stay vector and their labels stay text a reader can search and copy, and no canvas, browser or
// native rasteriser is needed on the server. Vega-Lite/Vega (University of Washington IDL, BSD-3,
// actively released) was chosen as the most used chart grammar that runs headless in Node.
import { degrees, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import * as vega from 'vega';
import { compile, type Config, type TopLevelSpec } from 'vega-lite';

/** The chart's size in points and the font it is set in; shared by every chart of a report. */
export const CHART_CONFIG: Config = {
  font: 'report',
  view: { stroke: null },
  axis: { labelFontSize: 8, titleFontSize: 8.5, titleFontWeight: 'normal', labelAngle: 0, gridColor: '#dddddd' },
  legend: { labelFontSize: 8, titleFontSize: 8.5, titleFontWeight: 'normal', orient: 'top' },
  title: { fontSize: 10, fontWeight: 'normal', anchor: 'start' },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#9d755d', '#e45756'] },
};

interface SceneItem {
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  opacity?: number;
  fillOpacity?: number;
  text?: string | string[];
  align?: 'left' | 'center' | 'right';
  baseline?: 'top' | 'middle' | 'bottom' | 'alphabetic' | 'line-top' | 'line-bottom';
  angle?: number;
  fontSize?: number;
  dx?: number;
  dy?: number;
  size?: number;
  shape?: string;
  items?: SceneMark[];
}

interface SceneMark {
  marktype: string;
  role?: string;
  items: SceneItem[];
}

/** Lays the chart out; its width and height (points) include axes, titles and legend. */
type TextWidth = (item: { fontSize?: number }, text: string) => number;
/** Vega's text measuring, exported by vega-scenegraph but not in its type declarations. */
const textMetrics = (vega as unknown as { textMetrics: { width: TextWidth } }).textMetrics;

export async function layOutChart(spec: TopLevelSpec, font: PDFFont): Promise<{ scene: SceneItem; width: number; height: number }> {
  const compiled = compile({ ...spec, config: { ...CHART_CONFIG, ...spec.config } }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  // Without a canvas Vega guesses text widths from Latin letters, too narrow for kanji: legends and
  // axis titles would overlap what they label. It measures with the font the PDF is set in instead
  // (a module-wide hook of Vega's, put back once this chart is laid out).
  const guessWidth = textMetrics.width;
  textMetrics.width = (item: { fontSize?: number }, text: string) => font.widthOfTextAtSize(String(text ?? ''), item.fontSize ?? 11);
  try {
    await view.runAsync();
  } finally {
    textMetrics.width = guessWidth;
  }
  const root = (view.scenegraph() as unknown as { root: SceneMark }).root;
  const frame = root.items[0]!;
  // The plotting area sits at origin() inside the padding; axes, titles and legends lie around it.
  // The size of the whole is what Vega's own SVG renderer gives its <svg>, so it is read from there.
  const [originX, originY] = view.origin();
  const padding = view.padding() as { left: number; top: number };
  const svg = await view.toSVG();
  view.finalize();
  const size = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  if (!size) throw new Error('Vega did not report the chart size');
  return { scene: { ...frame, x: originX + padding.left, y: originY + padding.top }, width: Number(size[1]), height: Number(size[2]) };
}

function color(css: string | undefined): RGB | undefined {
  if (!css || css === 'transparent' || css === 'none') return undefined;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css)?.[1];
  if (!hex) return rgb(0.2, 0.2, 0.2);
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return rgb(parseInt(full.slice(0, 2), 16) / 255, parseInt(full.slice(2, 4), 16) / 255, parseInt(full.slice(4, 6), 16) / 255);
}

/** Draws a laid-out chart with its top-left corner at (left, top) in PDF coordinates. */
export function drawChart(page: PDFPage, font: PDFFont, scene: SceneItem, left: number, top: number): void {
  drawGroup(page, font, scene, left, top);
}

function drawGroup(page: PDFPage, font: PDFFont, group: SceneItem, left: number, top: number): void {
  const ox = left + (group.x ?? 0);
  const oy = top - (group.y ?? 0);
  for (const mark of group.items ?? []) {
    for (const item of mark.items) drawItem(page, font, mark.marktype, item, ox, oy);
  }
}

function drawItem(page: PDFPage, font: PDFFont, marktype: string, item: SceneItem, ox: number, oy: number): void {
  const opacity = item.opacity ?? 1;
  switch (marktype) {
    case 'group':
      if (item.fill && color(item.fill) && item.width && item.height) {
        page.drawRectangle({ x: ox + (item.x ?? 0), y: oy - (item.y ?? 0) - item.height, width: item.width, height: item.height, color: color(item.fill)! });
      }
      drawGroup(page, font, item, ox, oy);
      return;
    case 'rect': {
      const x = ox + (item.x ?? 0);
      const width = item.width ?? (item.x2 ?? 0) - (item.x ?? 0);
      const height = item.height ?? (item.y2 ?? 0) - (item.y ?? 0);
      const fill = color(item.fill);
      if (!fill || width === 0 || height === 0) return;
      page.drawRectangle({ x, y: oy - (item.y ?? 0) - height, width, height, color: fill, opacity: opacity * (item.fillOpacity ?? 1) });
      return;
    }
    case 'rule': {
      const stroke = color(item.stroke);
      if (!stroke) return;
      const x1 = ox + (item.x ?? 0);
      const y1 = oy - (item.y ?? 0);
      const x2 = ox + (item.x2 ?? item.x ?? 0);
      const y2 = oy - (item.y2 ?? item.y ?? 0);
      page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: item.strokeWidth ?? 1, color: stroke, opacity });
      return;
    }
    case 'symbol': {
      // Legend swatches: a square (or circle) of the given area centred on the point.
      const side = Math.sqrt(item.size ?? 64);
      const fill = color(item.fill) ?? color(item.stroke);
      if (!fill) return;
      page.drawRectangle({ x: ox + (item.x ?? 0) - side / 2, y: oy - (item.y ?? 0) - side / 2, width: side, height: side, color: fill, opacity });
      return;
    }
    case 'text':
      drawText(page, font, item, ox, oy);
      return;
    default:
      // A mark this module cannot draw would silently vanish from the printed chart.
      throw new Error(`Chart mark "${marktype}" cannot be drawn into a PDF`);
  }
}

function drawText(page: PDFPage, font: PDFFont, item: SceneItem, ox: number, oy: number): void {
  const text = Array.isArray(item.text) ? item.text.join(' ') : (item.text ?? '');
  if (text === '') return;
  const size = item.fontSize ?? 8;
  const width = font.widthOfTextAtSize(text, size);
  // Vega measures angles clockwise in a y-down frame; PDF counter-clockwise in a y-up one.
  const radians = (-(item.angle ?? 0) * Math.PI) / 180;
  const along = item.align === 'right' ? -width : item.align === 'center' ? -width / 2 : 0;
  const baseline = item.baseline ?? 'alphabetic';
  // From the anchor to the alphabetic baseline, measured downwards.
  const down =
    baseline === 'top' || baseline === 'line-top'
      ? size * 0.88
      : baseline === 'middle'
        ? size * 0.36
        : baseline === 'bottom' || baseline === 'line-bottom'
          ? -size * 0.12
          : 0;
  const ax = ox + (item.x ?? 0) + (item.dx ?? 0);
  const ay = oy - (item.y ?? 0) - (item.dy ?? 0);
  const x = ax + along * Math.cos(radians) + down * Math.sin(radians);
  const y = ay + along * Math.sin(radians) - down * Math.cos(radians);
  page.drawText(text, { x, y, size, font, color: color(item.fill) ?? rgb(0.1, 0.1, 0.1), rotate: degrees((radians * 180) / Math.PI) });
}
