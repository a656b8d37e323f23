import { type RgbaImage } from './png-encoder';

/**
 * Draws the two app icons from geometry, so they can be regenerated exactly
 * (`npm run package -- --draw-icons`) instead of living only as opaque binaries.
 *
 * The mark is a shield (protection) holding an eye (watching for risk). Teams asks for:
 * - color.png: 192x192, full-bleed (Teams masks the corners itself), the mark inside the
 *   central 120x120 safe area;
 * - outline.png: 32x32, white on a transparent background, nothing else.
 *
 * Edges are anti-aliased by supersampling: each pixel is the average of a 4x4 grid of samples.
 * Only + - * / and comparisons are used (no trigonometry), so the pixels are identical everywhere.
 */

export const ACCENT_COLOR: string = '#2B5797';

type Point = readonly [number, number];
type Rgba = readonly [number, number, number, number];

/** Something that covers a point or not; a layer paints its colour where it covers. */
interface Shape {
  covers(x: number, y: number): boolean;
}

interface Layer {
  readonly shape: Shape;
  readonly color: Rgba;
}

const WHITE: Rgba = [255, 255, 255, 255];
const TRANSPARENT_WHITE: Rgba = [255, 255, 255, 0];
const SAMPLES_PER_AXIS = 4;

export function paintColorIcon(): RgbaImage {
  const accent = hexToRgba(ACCENT_COLOR);
  // 112 px mark centred in 192: inside the 120 px safe area with a few pixels to spare.
  const mark = markGeometry(40, 40, 112);
  return render(192, 192, accent, [
    { shape: fill(mark.shield), color: WHITE },
    { shape: fill(mark.eye), color: accent },
    { shape: circle(mark.eyeCentre, mark.irisRadius), color: WHITE },
    { shape: circle(mark.eyeCentre, mark.pupilRadius), color: accent },
  ]);
}

export function paintOutlineIcon(): RgbaImage {
  // At 32 px a filled mark reads as a blob; strokes keep the shield and the eye legible.
  const mark = markGeometry(1, 1, 30);
  const outline = union([stroke(mark.shield, 2), stroke(mark.eye, 1.5), circle(mark.eyeCentre, 2.6)]);
  return render(32, 32, TRANSPARENT_WHITE, [{ shape: outline, color: WHITE }]);
}

interface MarkGeometry {
  readonly shield: readonly Point[];
  readonly eye: readonly Point[];
  readonly eyeCentre: Point;
  readonly irisRadius: number;
  readonly pupilRadius: number;
}

/** The mark drawn in a unit square, then placed at (left, top) with side `size` in pixels. */
function markGeometry(left: number, top: number, size: number): MarkGeometry {
  const at = ([u, v]: Point): Point => [left + u * size, top + v * size];
  const shield: Point[] = [
    // top edge, bowed slightly upward
    ...quadratic([0.1, 0.12], [0.5, -0.02], [0.9, 0.12]),
    // right side straight down, then curving in to the point at the bottom
    ...quadratic([0.9, 0.5], [0.88, 0.82], [0.5, 0.98]),
    // left side mirrored, back up to the top-left corner
    ...quadratic([0.5, 0.98], [0.12, 0.82], [0.1, 0.5]),
  ];
  // An almond: two quadratic lids meeting at the corners (apex offset is half the control's).
  const eye: Point[] = [...quadratic([0.18, 0.5], [0.5, 0.16], [0.82, 0.5]), ...quadratic([0.82, 0.5], [0.5, 0.84], [0.18, 0.5])];
  return {
    shield: dedupe(shield.map(at)),
    eye: dedupe(eye.map(at)),
    eyeCentre: at([0.5, 0.5]),
    irisRadius: 0.13 * size,
    pupilRadius: 0.06 * size,
  };
}

function quadratic(p0: Point, c: Point, p1: Point, segments = 48): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const d = t * t;
    points.push([a * p0[0] + b * c[0] + d * p1[0], a * p0[1] + b * c[1] + d * p1[1]]);
  }
  return points;
}

/** Drops consecutive repeats where one curve ends and the next begins. */
function dedupe(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

function bounds(polygon: readonly Point[], margin: number): (x: number, y: number) => boolean {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs) - margin, Math.max(...xs) + margin, Math.min(...ys) - margin, Math.max(...ys) + margin];
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

/**
 * Whether (x, y) lies within `width` of some edge. Exits at the first near edge and avoids Math
 * calls in the loop: under jest's sandbox each global lookup costs enough to take seconds here.
 */
function nearEdge(polygon: readonly Point[], x: number, y: number, width: number): boolean {
  const limit = width * width;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const ax = polygon[j][0];
    const ay = polygon[j][1];
    const dx = polygon[i][0] - ax;
    const dy = polygon[i][1] - ay;
    const lengthSquared = dx * dx + dy * dy;
    let t = lengthSquared === 0 ? 0 : ((x - ax) * dx + (y - ay) * dy) / lengthSquared;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    if (ex * ex + ey * ey <= limit) return true;
  }
  return false;
}

/**
 * Crossing test per sample would walk every edge 16 times a pixel (seconds for the colour icon);
 * instead the edge crossings of each sample row are computed once and kept.
 */
function fill(polygon: readonly Point[]): Shape {
  const near = bounds(polygon, 0);
  const rows = new Map<number, number[]>();
  const crossingsAt = (y: number): number[] => {
    let xs = rows.get(y);
    if (xs === undefined) {
      xs = [];
      for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
        const xi = polygon[i][0];
        const yi = polygon[i][1];
        const xj = polygon[j][0];
        const yj = polygon[j][1];
        if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
      }
      rows.set(y, xs);
    }
    return xs;
  };
  return {
    covers: (x, y) => {
      if (!near(x, y)) return false;
      // Even-odd: inside when an odd number of crossings lie to the right of x.
      let right = 0;
      for (const cx of crossingsAt(y)) if (x < cx) right++;
      return right % 2 === 1;
    },
  };
}

/** A band of `width` pixels along the inside of the polygon's edge, so the outer size is kept. */
function stroke(polygon: readonly Point[], width: number): Shape {
  const filled = fill(polygon);
  return { covers: (x, y) => filled.covers(x, y) && nearEdge(polygon, x, y, width) };
}

function circle([cx, cy]: Point, radius: number): Shape {
  return { covers: (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius };
}

function union(shapes: readonly Shape[]): Shape {
  return { covers: (x, y) => shapes.some((s) => s.covers(x, y)) };
}

/**
 * Each sample takes the colour of the topmost layer covering it (or the background); a pixel is
 * the average of its samples, weighted by alpha so transparent samples add no colour.
 */
function render(width: number, height: number, background: Rgba, layers: readonly Layer[]): RgbaImage {
  const pixels = new Uint8Array(width * height * 4);
  const n = SAMPLES_PER_AXIS;
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          let color = background;
          for (const layer of layers) if (layer.shape.covers(x, y)) color = layer.color;
          r += color[0] * color[3];
          g += color[1] * color[3];
          b += color[2] * color[3];
          a += color[3];
        }
      }
      const at = (py * width + px) * 4;
      pixels[at] = a === 0 ? background[0] : Math.round(r / a);
      pixels[at + 1] = a === 0 ? background[1] : Math.round(g / a);
      pixels[at + 2] = a === 0 ? background[2] : Math.round(b / a);
      pixels[at + 3] = Math.round(a / (n * n));
    }
  }
  return { width, height, pixels };
}

function hexToRgba(hex: string): Rgba {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new Error(`expected a colour such as #2B5797, got '${hex}'`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16), 255];
}
