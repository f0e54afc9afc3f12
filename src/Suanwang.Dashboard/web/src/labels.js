// Where to put a map's labels so that none covers another, nor (where there is room) a dot: each label
// tries eight places around its point at three distances, nearest and right-hand first, and takes the
// one that overlaps least; the most crowded points choose first. Pure: pixels in, offsets out.

// Label top-left relative to its point, for a label w × h at distance g, in order of preference.
const PLACES = [
  (w, h, g) => [g, -h / 2],                    // right
  (w, h, g) => [-g - w, -h / 2],               // left
  (w, h, g) => [-w / 2, -g - h],               // above
  (w, h, g) => [-w / 2, g],                    // below
  (w, h, g) => [g * 0.7, -g * 0.7 - h],        // above right
  (w, h, g) => [g * 0.7, g * 0.7],             // below right
  (w, h, g) => [-g * 0.7 - w, -g * 0.7 - h],   // above left
  (w, h, g) => [-g * 0.7 - w, g * 0.7],        // below left
];
const DISTANCES = [1, 2, 3.5];
const CROWD_RADIUS = 60;

const overlap = (a, b) =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

const outside = (r, bounds) => r.w * r.h - overlap(r, bounds);

/**
 * Offsets for labels: points[i] = {x, y} in pixels, sizes[i] = {w, h}; obstacles = [{x, y, w, h}] (dots a label
 * should rather not cover); bounds = {x, y, w, h} the drawing area; gap = the nearest distance from a point.
 * Returns [{x, y}]: each label's top-left relative to its point.
 */
export function placeLabels(points, sizes, obstacles, bounds, gap = 7) {
  const crowd = points.map(p => points.filter(q => q !== p && Math.hypot(q.x - p.x, q.y - p.y) < CROWD_RADIUS).length
    + obstacles.filter(o => Math.hypot(o.x + o.w / 2 - p.x, o.y + o.h / 2 - p.y) < CROWD_RADIUS).length);
  const order = points.map((_, i) => i).sort((i, j) => crowd[j] - crowd[i] || i - j);
  const placed = [];
  const offsets = new Array(points.length);
  for (const i of order) {
    const { x, y } = points[i];
    const { w, h } = sizes[i];
    let best = null;
    DISTANCES.forEach((distance, d) => PLACES.forEach((place, p) => {
      const [dx, dy] = place(w, h, gap * distance);
      const rect = { x: x + dx, y: y + dy, w, h };
      // Covering another label is worst, then leaving the map, then covering a dot; then the nearer, the more usual place.
      const cost = 1e6 * placed.reduce((sum, r) => sum + overlap(rect, r), 0)
        + 1e4 * outside(rect, bounds)
        + 1e2 * obstacles.reduce((sum, o) => sum + overlap(rect, o), 0)
        + d * PLACES.length + p;
      if (!best || cost < best.cost) best = { cost, dx, dy, rect };
    }));
    placed.push(best.rect);
    offsets[i] = { x: best.dx, y: best.dy };
  }
  return offsets;
}
