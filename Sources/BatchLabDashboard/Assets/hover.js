// BatchLab dashboard: read-outs under the pointer for the server's charts.
//
// A chart from /api/chart.svg says where its plot lies (data-plot) and what its axes span
// (data-x-axis, data-y-axis: "lower upper base", base 0 for linear, else values are exponents);
// each run's line is a <path class="series" data-id="<run id>">. `attachReadout` reads the lines'
// points back into data space once, then shows, for the pointer's x, the nearest visible line's
// run and value, and highlights that line. Values are those drawn (after smoothing), to the
// chart's pixel precision.
'use strict';

/** Maps a viewBox coordinate on an axis ("lower upper base", viewBox start and end) to a data value. */
function axisValue(spec, start, end, position) {
  const [lower, upper, base] = spec.split(' ').map(Number);
  const t = lower + ((position - start) / (end - start)) * (upper - lower);
  return base ? base ** t : t;
}

/** A number for a read-out: 4 significant digits, integers as integers. */
const readoutNumber = value => (Number.isInteger(value) ? value.toLocaleString('en') : Number(value.toPrecision(4)).toString());

/**
 * Adds the pointer read-out to `figure`'s chart. `names` maps a run id to the text shown; `hidden`
 * (a Set of run ids) is consulted at each move, so hidden lines are never picked.
 */
function attachReadout(figure, names, hidden = new Set()) {
  const svg = figure.querySelector('svg[data-plot]');
  if (!svg) return;
  const [left, top, right, bottom] = svg.dataset.plot.split(' ').map(Number);
  const paths = svg.querySelectorAll('path.series[data-id]');
  if (!paths.length) return;
  // Read the lines' points back when the pointer first comes: a study's charts hold thousands.
  let lines = null;
  const readLines = () => [...paths].map(path => {
    const numbers = (path.getAttribute('d').match(/-?[\d.]+/g) || []).map(Number);
    const points = [];
    for (let i = 0; i + 1 < numbers.length; i += 2) points.push([numbers[i], numbers[i + 1]]);
    return { id: path.dataset.id, path, points };
  }).filter(line => line.points.length);
  const tip = h('div', { class: 'readout', role: 'status', hidden: true });
  figure.style.position = 'relative';
  figure.append(tip);
  let current = null;

  /** The y of `line` at viewBox x `x`, interpolated between its neighbouring points; null outside it. */
  function yAt(line, x) {
    const p = line.points;
    if (x < p[0][0] - 4 || x > p[p.length - 1][0] + 4) return null;
    let lo = 0, hi = p.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (p[mid][0] <= x) lo = mid; else hi = mid;
    }
    const [a, b] = [p[lo], p[hi]];
    if (b[0] === a[0]) return a[1];
    const t = Math.min(1, Math.max(0, (x - a[0]) / (b[0] - a[0])));
    return a[1] + t * (b[1] - a[1]);
  }

  // The picked line is drawn again, thicker, in an SVG of its own laid over the chart: moving
  // the pointer then repaints that overlay and the read-out, never the chart's thousand lines.
  // With few lines the others also fade.
  const fades = paths.length <= 50;
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overlay.setAttribute('viewBox', svg.getAttribute('viewBox'));
  overlay.setAttribute('class', 'hover-overlay');
  overlay.setAttribute('aria-hidden', 'true');
  const overlayLine = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  overlayLine.setAttribute('fill', 'none');
  overlayLine.setAttribute('stroke-width', '3');
  overlay.append(overlayLine);
  svg.after(overlay);
  /** Lays the overlay exactly over the chart (the figure is its positioned parent). */
  function place() {
    const frame = figure.getBoundingClientRect(), box = svg.getBoundingClientRect();
    overlay.style.left = `${box.left - frame.left - figure.clientLeft}px`;
    overlay.style.top = `${box.top - frame.top - figure.clientTop}px`;
    overlay.style.width = `${box.width}px`;
  }
  function highlight(line) {
    if (current === line) return;
    current = line;
    if (fades) svg.classList.toggle('has-hover', Boolean(line));
    overlay.style.visibility = line ? 'visible' : 'hidden';
    if (!line) return;
    place();
    overlayLine.setAttribute('d', line.path.getAttribute('d'));
    overlayLine.setAttribute('stroke', line.path.getAttribute('stroke'));
  }
  highlight(null);

  svg.addEventListener('pointermove', event => {
    lines ??= readLines();
    const box = svg.getBoundingClientRect();
    const scale = svg.viewBox.baseVal.width / box.width;
    const x = (event.clientX - box.left) * scale, y = (event.clientY - box.top) * scale;
    if (x < left || x > right || y < top - 10 || y > bottom + 10) { tip.hidden = true; highlight(null); return; }
    let best = null, distance = Infinity, bestY = 0;
    for (const line of lines) {
      if (hidden.has(Number(line.id))) continue;
      const at = yAt(line, x);
      if (at != null && Math.abs(at - y) < distance) { best = line; distance = Math.abs(at - y); bestY = at; }
    }
    if (!best) { tip.hidden = true; highlight(null); return; }
    highlight(best);
    const xValue = axisValue(svg.dataset.xAxis, left, right, x);
    const yValue = axisValue(svg.dataset.yAxis, bottom, top, bestY);
    tip.replaceChildren(h('strong', {}, names.get(best.id) ?? `run ${best.id}`), h('br'),
      `${readoutNumber(yValue)} at ${readoutNumber(Math.abs(xValue) >= 100 ? Math.round(xValue) : xValue)}`);
    tip.hidden = false;
    const frame = figure.getBoundingClientRect();
    const tipX = Math.min(box.right - 160, event.clientX + 14) - frame.left, tipY = event.clientY + 14 - frame.top;
    tip.style.transform = `translate(${tipX}px, ${tipY}px)`;
  });
  svg.addEventListener('pointerleave', () => { tip.hidden = true; highlight(null); });
}
