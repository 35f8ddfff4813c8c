// BatchLab dashboard: the browser side. Plain JavaScript, no framework, no build step.
//
// Each page is a static shell with <body data-page="runs|run|compare">; `start()` at the bottom
// dispatches on it. Data comes only from the same-origin JSON API (/api/...). Strings from the
// API are always inserted as text (`h()`, textContent), never parsed as HTML; the chart SVG
// from /api/chart.svg is drawn by our own server, so it is trusted and inserted as markup.
// Pages that show a `running` run poll every POLL_MS and update in place.
'use strict';

const POLL_MS = 2000;

// MARK: - DOM helpers

/**
 * Creates an element. `attrs` become attributes (`on<event>` keys become listeners, `true` an
 * empty attribute, false/null/undefined are skipped); `children` are nodes or values, values
 * being inserted as text nodes, so API strings are never parsed as HTML.
 */
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter(c => c != null).map(c => (c instanceof Node ? c : String(c))));
  return node;
}

/** Shows `message` in the page's error line (`#error`, role=alert), or hides the line when empty. */
function showError(message) {
  const line = document.getElementById('error');
  line.textContent = message || '';
  line.hidden = !message;
}

/**
 * Sets a <select>'s options to `values` (text from `label`) unless it already has exactly those,
 * so polling does not close an open list, then selects `value`.
 */
function setOptions(select, values, value, label = v => v) {
  if ([...select.options].map(o => o.value).join('\n') !== values.join('\n')) {
    select.replaceChildren(...values.map(v => h('option', { value: v }, label(v))));
  }
  select.value = value;
}

/**
 * Replaces a <tbody>'s rows. Rows carry `data-key`; when keyboard focus was on a link or control
 * in a row, it moves to the same control of the row with the same key, so polling does not steal it.
 */
function replaceRows(tbody, rows) {
  const focused = document.activeElement;
  const row = focused && tbody.contains(focused) ? focused.closest('tr') : null;
  const index = row ? [...row.querySelectorAll('a, input, button')].indexOf(focused) : -1;
  tbody.replaceChildren(...rows);
  if (!row) return;
  const again = tbody.querySelector(`tr[data-key="${CSS.escape(row.dataset.key || '')}"]`);
  again?.querySelectorAll('a, input, button')[index]?.focus();
}

/** A one-cell row spanning `columns` columns, for "Loading…" and "nothing here" messages. */
const noteRow = (columns, text) => h('tr', {}, h('td', { colspan: columns, class: 'note' }, text));

/** Run tables show this many rows until asked for all: laying out a thousand rows costs more than the charts. */
const ROW_LIMIT = 200;

/**
 * The first `limit` of `items` as rows (`row(item)`), then, when some are left out, a row whose
 * button calls `showAll` — "Show all 1,000 runs (800 more)".
 */
function limitedRows(items, limit, row, columns, showAll) {
  const rows = items.slice(0, limit).map(row);
  if (items.length > limit) {
    rows.push(h('tr', { 'data-key': 'more' }, h('td', { colspan: columns, class: 'note' },
      `Showing ${limit.toLocaleString('en')} of ${items.length.toLocaleString('en')} runs. `,
      h('button', { type: 'button', onclick: showAll },
        `Show all ${items.length.toLocaleString('en')} runs (${(items.length - limit).toLocaleString('en')} more)`))));
  }
  return rows;
}

/** A header row of `<th scope="col">` cells; `numeric` names the columns to right-align. */
const headerRow = (names, numeric = () => false) =>
  h('tr', {}, ...names.map(n => h('th', { scope: 'col', class: numeric(n) ? 'num' : null }, n)));

// MARK: - Formatting

/**
 * Formats a logged value for a table, by its key: accuracies as percentages (0.523 → "52.3 %"),
 * learning rates with 3 significant digits, seconds with one decimal, throughput and memory as
 * grouped integers, other numbers with 4 significant digits. null (non-finite or absent) → "—".
 */
function fmt(key, value) {
  if (value == null) return '—';
  if (typeof value !== 'number') return String(value);
  if (/accuracy/i.test(key)) return `${(100 * value).toFixed(1)} %`;
  if (/^(lr|requested_lr|learningRate)$/.test(key)) return String(Number(value.toPrecision(3)));
  if (key === 'seconds') return value.toFixed(1);
  if (Number.isInteger(value) || /_mb$|per_second/.test(key)) return Math.round(value).toLocaleString('en');
  return value.toPrecision(4);
}

/** Formats an ISO-8601 timestamp as local "YYYY-MM-DD HH:MM"; "—" for null. */
function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A status badge: the status word itself (readable without colour), coloured by `status-<status>`. */
const badge = status => h('span', { class: `badge status-${status}` }, status);

/** A right-aligned table cell holding `fmt(key, value)`. */
const numCell = (key, value) => h('td', { class: 'num' }, fmt(key, value));

/** A <time> element showing `fmtTime(iso)`, with the exact timestamp as its tooltip. */
const timeText = iso => (iso ? h('time', { datetime: iso, title: iso }, fmtTime(iso)) : '—');

// MARK: - Fetching

/**
 * Builds a query string ("?a=1&b=2", or "" when empty) from `params`, skipping empty and null
 * values, and keeping commas readable (`runs=1,2,3`).
 */
function query(params) {
  // encodeURIComponent, not URLSearchParams: the server reads `+` literally, so a space must be %20.
  const text = Object.entries(params)
    .filter(([, value]) => value !== '' && value != null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value).replace(/%2C/gi, ',')}`)
    .join('&');
  return text ? `?${text}` : '';
}

/**
 * Fetches `url` and returns the Response. A network failure or an error status becomes an Error
 * that names the request and the reason (the API's `{"error": "..."}` when it sent one).
 */
async function request(url) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch (error) {
    throw new Error(`Cannot reach the dashboard server (GET ${url}: ${error.message}). Is it still running?`);
  }
  if (response.ok) return response;
  let reason = `${response.status} ${response.statusText}`;
  try {
    reason = (await response.json()).error || reason;
  } catch { /* not JSON: keep the status line */ }
  throw new Error(`GET ${url} failed: ${reason}`);
}

/** Fetches and decodes a JSON API response. */
const getJSON = async url => (await request(url)).json();

/**
 * Fetches one chart from `path` (/api/chart.svg, or an analysis's chart) with the query `params`
 * and returns its <svg> element, parsed with the
 * HTML parser (as inline SVG in a page, so it works with or without xmlns). A failure becomes a
 * `<p class="chart-error">` saying why, so one broken chart does not hide the rest of the page.
 */
async function chart(params, path = '/api/chart.svg') {
  const url = `${path}${query(params)}`;
  try {
    const template = document.createElement('template');
    template.innerHTML = await (await request(url)).text(); // trusted: drawn by our own server
    const svg = template.content.querySelector('svg');
    if (!svg) throw new Error(`GET ${url} did not return an SVG image`);
    return svg;
  } catch (error) {
    return h('p', { class: 'chart-error' }, error.message);
  }
}

/**
 * Fetches several charts of the same runs at once (/api/charts, which reads the runs once) and
 * returns their <svg> elements in the order of `metrics`; a failure becomes one error paragraph
 * per chart, as `chart()` does.
 */
async function charts(params, metrics) {
  const url = `/api/charts${query({ ...params, metrics: metrics.join(',') })}`;
  try {
    const answer = await (await request(url)).json();
    return answer.charts.map(({ svg }) => {
      const template = document.createElement('template');
      template.innerHTML = svg; // trusted: drawn by our own server
      return template.content.querySelector('svg') || h('p', { class: 'chart-error' }, `GET ${url} returned no SVG image`);
    });
  } catch (error) {
    return metrics.map(() => h('p', { class: 'chart-error' }, error.message));
  }
}

/**
 * Keeps a view fresh: `load()` fetches, `render(data)` draws and returns whether to keep polling
 * (some run shown is `running`). While that holds, loads again every POLL_MS. `refresh()` loads
 * now (after a control changed) and discards any answer still in flight, so an old response
 * never overwrites a newer view. A failed load shows the error line and keeps the previous
 * polling decision: a live view retries, a page that never loaded stops. The first render marks
 * the page drawn (`<body data-ready="ms">`).
 */
function poller(load, render) {
  let timer;
  let generation = 0;
  let live = false;
  async function tick(mine) {
    try {
      const data = await load();
      if (mine !== generation) return;
      live = render(data);
      showError('');
      // The first full render, in ms since navigation started: what scripts/dashboard-browser.py times.
      document.body.dataset.ready ||= String(Math.round(performance.now()));
    } catch (error) {
      if (mine !== generation) return;
      showError(error.message);
    }
    if (live && mine === generation) timer = setTimeout(() => tick(mine), POLL_MS);
  }
  return {
    refresh() {
      clearTimeout(timer);
      tick(++generation);
    },
  };
}

const isRunning = run => run.status === 'running';

// MARK: - Repeats over seeds

/** "64.1 ± 0.4 %" (accuracies), "28.0 ± 2.1" (seconds), "6,212 ± 95" (throughput); one value alone; null → "—". */
function fmtSpread(key, spread) {
  if (!spread) return '—';
  if (/accuracy/i.test(key)) {
    return spread.count > 1 ? `${(100 * spread.mean).toFixed(1)} ± ${(100 * spread.sd).toFixed(1)} %` : fmt(key, spread.mean);
  }
  const one = value => (key === 'seconds' ? value.toFixed(1) : Math.round(value).toLocaleString('en'));
  return spread.count > 1 ? `${one(spread.mean)} ± ${one(spread.sd)}` : one(spread.mean);
}

/**
 * Fills `section` (a heading, a note, a table) from /api/groups: one row per setting with its
 * seeds, and mean ± sd of final and best val_accuracy, seconds to the target and throughput.
 * Shown only when some setting has repeats; returns whether it is.
 */
function renderRepeats(section, data) {
  const repeated = data.groups.some(group => group.runs.length > 1);
  section.hidden = !repeated;
  if (!repeated) return false;
  const target = data.targetAccuracy;
  const headings = ['Setting', 'Seeds', 'Final val acc', 'Best val acc', ...(target != null ? [`Seconds to ${target}`] : []), 'Median images/s'];
  section.querySelector('.repeats-rule').textContent = `Mean ± sample standard deviation over each setting's seeds; ${data.rule.split('; ')[1]}.`;
  const table = section.querySelector('table');
  table.tHead.replaceChildren(headerRow(headings, name => !['Setting'].includes(name)));
  replaceRows(table.tBodies[0], data.groups.map(group => h('tr', { 'data-key': group.runs.join(',') },
    h('td', {}, group.name),
    h('td', { class: 'num' }, group.runs.length),
    h('td', { class: 'num' }, fmtSpread('val_accuracy', group.finalValAccuracy)),
    h('td', { class: 'num' }, fmtSpread('val_accuracy', group.bestValAccuracy)),
    target != null ? h('td', { class: 'num' }, fmtSpread('seconds', group.secondsToTarget)
      + (group.reachedTarget < group.runs.length ? ` (${group.reachedTarget} of ${group.runs.length})` : '')) : null,
    h('td', { class: 'num' }, fmtSpread('images_per_second', group.medianImagesPerSecond)))));
  return true;
}

// MARK: - Run list (/)

/**
 * The run list's standard columns: heading, the field it sorts by, and its cell. Added columns
 * (any setting or result from /api/runs `fields`) follow them.
 */
const RUN_COLUMNS = [
  { title: 'ID', key: 'id', numeric: true, cell: run => run.id },
  { title: 'Name', key: 'name', cell: run => h('a', { href: `/runs/${run.id}` }, run.name) },
  { title: 'Study', key: 'study', cell: run => (run.study ? h('a', { href: `/study${query({ name: run.study })}` }, run.study) : '—') },
  { title: 'Status', key: 'status', cell: run => badge(run.status) },
  { title: 'Epochs', key: 'epochs_done', numeric: true, cell: run => `${run.epochsDone} / ${run.epochs}` },
  { title: 'Batch', key: 'batch_size', numeric: true, cell: run => fmt('batchSize', run.batchSize) },
  { title: 'LR', key: 'lr', numeric: true, cell: run => fmt('lr', run.learningRate) },
  { title: 'Best val acc', key: 'best_val_accuracy', numeric: true, cell: run => fmt('val_accuracy', run.bestValAccuracy) },
  { title: 'Last loss', key: 'last_loss', numeric: true, cell: run => fmt('loss', run.lastLoss) },
  { title: 'Started', key: 'id', sort: 'newest', cell: run => timeText(run.startedAt) },
];

/**
 * The run list: study and status choices, a filter over any setting or result, columns sorted
 * by a click on their heading, columns added from any field (all kept in the URL query), a table
 * of runs with checkboxes, and "Compare selected". `?select=1,2` pre-selects runs (the run page
 * links here so).
 */
function runsPage() {
  const url = new URLSearchParams(location.search);
  const filters = {
    study: url.get('study') || '', status: url.get('status') || '', filter: url.get('filter') || '',
    sort: url.get('sort') || 'newest', order: url.get('order') || '',
  };
  const added = (url.get('cols') || '').split(',').filter(Boolean);
  const selected = new Set((url.get('select') || '').split(',').filter(Boolean).map(Number));
  let rowLimit = ROW_LIMIT;
  const table = document.getElementById('runs');
  const tbody = table.tBodies[0];
  const compare = document.getElementById('compare-selected');
  const filterBox = document.getElementById('filter');
  const addColumn = document.getElementById('add-column');
  const studyLink = document.getElementById('study-link');
  filterBox.value = filters.filter;

  function updateCompare() {
    compare.disabled = selected.size === 0;
    compare.textContent = `Compare selected (${selected.size})`;
  }
  compare.addEventListener('click', () => {
    location.href = `/compare${query({ runs: [...selected].sort((a, b) => a - b).join(',') })}`;
  });

  // Added columns are numeric (right-aligned, sorted high to low first) when the runs' values are numbers.
  const numericKeys = new Set();
  const columns = () => [...RUN_COLUMNS, ...added.map(key => ({
    title: key, key, numeric: numericKeys.has(key), removable: true, cell: run => fmt(key, run.fields[key]),
  }))];
  /** The sort key and order in effect: newest is id, descending; best is best_val_accuracy, descending. */
  const sortState = () => {
    const key = { newest: 'id', best: 'best_val_accuracy' }[filters.sort] || filters.sort;
    const order = filters.order || (['newest', 'best'].includes(filters.sort) ? 'desc' : 'asc');
    return { key, order };
  };
  function renderHead() {
    const { key, order } = sortState();
    table.tHead.replaceChildren(h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')),
      ...columns().map(column => {
        // Started and ID both sort by id: "newest" is Started's; an explicit id sort is ID's.
        const active = filters.sort === 'newest' ? column.sort === 'newest' : column.key === key && !column.sort;
        return h('th', { scope: 'col', class: column.numeric ? 'num' : null, 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : null },
          h('button', {
            type: 'button', class: 'sort', 'aria-pressed': String(active), 'data-arrow': order === 'asc' ? '▲' : '▼',
            title: `Sort by ${column.key}`,
            onclick: () => {
              const next = active ? (order === 'asc' ? 'desc' : 'asc')
                : (column.sort === 'newest' || (column.numeric && column.key !== 'id') ? 'desc' : 'asc');
              Object.assign(filters, { sort: column.sort || column.key, order: next });
              refresh();
            },
          }, column.title),
          column.removable ? h('button', {
            type: 'button', class: 'sort remove', 'aria-label': `Remove column ${column.key}`, title: `Remove column ${column.key}`,
            onclick: () => { added.splice(added.indexOf(column.key), 1); refresh(); },
          }, '×') : null);
      })));
  }

  /** One table row; the checkbox adds the run to or removes it from `selected`. */
  const row = run => h('tr', { 'data-key': run.id, 'data-run-id': run.id },
    h('td', {}, h('input', {
      type: 'checkbox', checked: selected.has(run.id), 'aria-label': `Select run ${run.id} for comparison`,
      onchange: event => { event.target.checked ? selected.add(run.id) : selected.delete(run.id); updateCompare(); },
    })),
    ...columns().map(column => h('td', { class: column.numeric ? 'num' : null }, column.cell(run))));

  const analysesBody = document.querySelector('#analyses tbody');
  const analysisFigure = document.getElementById('analysis-chart');
  /** Draws analysis `id`'s chart (loss against lr, or the noise scale during training) below the table. */
  async function showAnalysis(id) {
    analysisFigure.replaceChildren(await chart({}, `/api/analyses/${id}/chart.svg`));
    analysisFigure.hidden = false;
  }
  const analysisRow = analysis => h('tr', { 'data-key': `a${analysis.id}`, 'data-analysis-id': analysis.id },
    h('td', { class: 'num' }, analysis.id),
    h('td', {}, analysis.kind),
    h('td', {}, analysis.runID ? h('a', { href: `/runs/${analysis.runID}` }, analysis.name) : analysis.name),
    h('td', {}, analysis.study ?? '—'),
    h('td', {}, analysis.summary),
    h('td', {}, timeText(analysis.createdAt)),
    h('td', {}, analysis.hasChart ? h('button', { type: 'button', onclick: () => showAnalysis(analysis.id) }, 'Chart') : '—'));

  const view = poller(async () => ({
    ...(await getJSON(`/api/runs${query(filters)}`)),
    analyses: (await getJSON(`/api/analyses${query({ study: filters.study })}`)).analyses,
  }), ({ runs, studies, fields, analyses }) => {
    const studyChoices = [...new Set(['', ...studies, filters.study])];
    setOptions(document.getElementById('study'), studyChoices, filters.study, s => s || 'All studies');
    setOptions(addColumn, ['', ...fields.filter(key => !added.includes(key))], '', key => key || '—');
    // The heading is rebuilt only when the columns are (here, when an added column's kind is first
    // known), so polling never takes keyboard focus from its buttons.
    const numeric = added.filter(key => runs.some(run => typeof run.fields[key] === 'number'));
    if (numeric.some(key => !numericKeys.has(key))) {
      numeric.forEach(key => numericKeys.add(key));
      renderHead();
    }
    const width = columns().length + 1;
    replaceRows(tbody, runs.length ? limitedRows(runs, rowLimit, row, width, () => { rowLimit = Infinity; view.refresh(); })
      : [noteRow(width, 'No runs match these filters.')]);
    replaceRows(analysesBody, analyses.length ? analyses.map(analysisRow)
      : [noteRow(7, 'No analyses yet: run batchlab lr-find or batchlab noise-scale.')]);
    studyLink.hidden = !filters.study;
    if (filters.study) studyLink.href = `/study${query({ name: filters.study, filter: filters.filter })}`;
    return true; // new runs can appear at any time: the list always polls
  });

  /** Writes the filters and columns to the URL (so a reload keeps them; defaults left out) and reloads. */
  function refresh() {
    history.replaceState(null, '', `/${query({
      ...filters, sort: filters.sort === 'newest' ? '' : filters.sort, order: filters.sort === 'newest' && filters.order === 'desc' ? '' : filters.order,
      cols: added.join(','),
    })}`);
    renderHead();
    view.refresh();
  }
  for (const name of ['study', 'status']) {
    const select = document.getElementById(name);
    if (name !== 'study') select.value = filters[name];
    select.addEventListener('change', () => { filters[name] = select.value; refresh(); });
  }
  let typing;
  filterBox.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => { filters.filter = filterBox.value; refresh(); }, 300);
  });
  addColumn.addEventListener('change', () => {
    if (addColumn.value && !added.includes(addColumn.value)) added.push(addColumn.value);
    refresh();
  });
  updateCompare();
  refresh();
}

// MARK: - One run (/runs/{id})

/** Where a run trained: its host and pid, and on MPI its ranks (a sweep's job ranks) and their hosts. */
function placementText(run) {
  const hosts = [...new Set(run.hosts)].join(', ');
  const ranks = run.mpiRanks ?? [];
  if (ranks.length === 1) return `${run.host} (pid ${run.pid}), MPI rank ${ranks[0]}`;
  if (ranks.length > 1) return `${hosts}, MPI ranks ${ranks[0]}–${ranks[ranks.length - 1]} (rank ${ranks[0]}: pid ${run.pid})`;
  if (run.hosts.length > 1) return `${hosts}, ${run.hosts.length} MPI ranks (rank 0: pid ${run.pid})`;
  return `${run.host} (pid ${run.pid})`;
}

/** Fills the run page's heading, message, summary list, config table and configuration file from an /api/runs/{id} run. */
function renderRun(run) {
  document.title = `${run.name} — BatchLab`;
  document.getElementById('run-name').textContent = run.name;
  document.getElementById('run-status').replaceChildren(badge(run.status));
  const message = document.getElementById('run-message');
  message.textContent = run.message || '';
  message.hidden = !run.message;
  document.getElementById('compare-link').href = `/${query({ study: run.study, select: run.id })}`;

  const facts = [
    ['Run', `#${run.id}`], ['Study', run.study ?? '—'], ['Epochs', `${run.epochsDone} / ${run.epochs}`],
    ['Batch size', fmt('batchSize', run.batchSize)], ['Learning rate', fmt('lr', run.learningRate)],
    ['Best val accuracy', fmt('val_accuracy', run.bestValAccuracy)], ['Last loss', fmt('loss', run.lastLoss)],
    ['Started', timeText(run.startedAt)], ['Ended', timeText(run.endedAt)],
    ['Host', placementText(run)], ['Version', run.version],
  ];
  document.getElementById('run-facts').replaceChildren(
    ...facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
  document.querySelector('#config tbody').replaceChildren(...run.config.map(({ key, value }) =>
    h('tr', {}, h('th', { scope: 'row' }, key), h('td', {}, value))));
  const configuration = document.getElementById('configuration');
  configuration.hidden = !run.configurationYAML;
  configuration.querySelector('pre').textContent = run.configurationYAML || '';
}

/** Fills the per-epoch table: one column per logged key, in the order the run logged them (`keys`). */
function renderEpochs(epochs, logged) {
  const keys = [...new Set(['epoch', ...(logged || []), ...epochs.flatMap(Object.keys)])];
  const table = document.getElementById('epochs');
  table.tHead.replaceChildren(headerRow(keys, () => true));
  replaceRows(table.tBodies[0], epochs.length
    ? epochs.map(e => h('tr', { 'data-key': e.epoch },
      ...keys.map(k => (e[k] === null ? h('td', { class: 'num nonfinite', title: 'NaN or ±∞' }, 'not finite') : numCell(k, e[k])))))
    : [noteRow(keys.length, 'No epoch has finished yet.')]);
}

/**
 * The run page: heading and status, message, facts, server-drawn charts (val_accuracy; the
 * training loss and the learning rate at every logged step, on log scales; throughput; memory),
 * the per-epoch table and the config. Polls while the run is running;
 * updates replace nodes in place, so the scroll position stays.
 */
function runPage() {
  const id = (location.pathname.match(/^\/runs\/(\d+)\/?$/) || [])[1];
  if (!id) {
    showError(`No run id in ${location.pathname}: run pages are /runs/<id>, e.g. /runs/1.`);
    return;
  }
  const charts = [
    { box: 'chart-accuracy', metric: 'val_accuracy', scale: 'linear' },
    { box: 'chart-loss', metric: 'loss', scale: 'log', x: 'step' },
    { box: 'chart-lr', metric: 'lr', scale: 'log', x: 'step' },
    { box: 'chart-throughput', metric: 'images_per_second', scale: 'linear' },
    { box: 'chart-memory', metric: 'peak_rss_mb', scale: 'linear' },
  ];
  const view = poller(
    () => Promise.all([getJSON(`/api/runs/${id}`), getJSON(`/api/runs/${id}/metrics`),
      ...charts.map(({ metric, scale, x }) => chart({ runs: id, metric, scale, x }))]),
    ([{ run }, metrics, ...svgs]) => {
      renderRun(run);
      const names = new Map([[String(run.id), run.name]]);
      charts.forEach(({ box }, i) => {
        const figure = document.getElementById(box);
        figure.replaceChildren(svgs[i]);
        attachReadout(figure, names);
      });
      renderEpochs(metrics.epochs, metrics.keys);
      return isRunning(run);
    });
  view.refresh();
}

// MARK: - Compare (/compare?runs=1,2,3)

/** The values the compare page's run table shows at the chosen epoch, in this order when logged. */
const COMPARED_VALUES = ['val_accuracy', 'val_loss', 'accuracy', 'loss', 'lr', 'seconds', 'images_per_second', 'peak_rss_mb'];

/**
 * Fills the compare page's run table: each run's status, and its logged values at the epoch
 * chosen (`at[i]` for run i: `{epoch, values}`; a run without that epoch shows dashes).
 */
function renderCompareRuns(runs, at) {
  const logged = new Set(at.flatMap(point => Object.keys(point.values)));
  const keys = [...COMPARED_VALUES.filter(key => logged.has(key)), ...[...logged].filter(key => !COMPARED_VALUES.includes(key)).sort()];
  const table = document.getElementById('compare-runs');
  table.tHead.replaceChildren(headerRow(['ID', 'Name', 'Status', 'Epochs', 'At epoch', ...keys],
    name => !['Name', 'Status'].includes(name)));
  replaceRows(table.tBodies[0], runs.map((run, i) => h('tr', { 'data-key': run.id },
    h('td', { class: 'num' }, run.id),
    h('td', {}, h('a', { href: `/runs/${run.id}` }, run.name)),
    h('td', {}, badge(run.status)),
    h('td', { class: 'num' }, `${run.epochsDone} / ${run.epochs}`),
    h('td', { class: 'num' }, at[i].epoch ?? '—'),
    ...keys.map(key => numCell(key, at[i].values[key])))));
}

/**
 * Fills the config tables, a column per run: the keys whose values differ first (class
 * `differs` and a "differs" tag, not colour alone), then, folded, the keys the same in every run.
 */
function renderConfigComparison(runs, differing) {
  const values = runs.map(run => new Map(run.config.map(({ key, value }) => [key, value])));
  const keys = [...new Set(runs.flatMap(run => run.config.map(entry => entry.key)))];
  const head = () => h('tr', {}, h('th', { scope: 'col' }, 'Key'), ...runs.map(run => h('th', { scope: 'col' }, `#${run.id} ${run.name}`)));
  const row = (key, differs) => h('tr', { class: differs ? 'differs' : null },
    h('th', { scope: 'row' }, key, differs ? h('span', { class: 'tag' }, 'differs') : null),
    ...values.map(map => h('td', {}, map.has(key) ? map.get(key) : '—')));
  const table = document.getElementById('config-compare');
  table.tHead.replaceChildren(head());
  const different = keys.filter(key => differing.includes(key));
  table.tBodies[0].replaceChildren(...(different.length ? different.map(key => row(key, true))
    : [noteRow(runs.length + 1, 'Every setting is the same in these runs.')]));
  const same = keys.filter(key => !differing.includes(key));
  const folded = document.getElementById('config-same');
  folded.querySelector('summary').textContent = `${same.length} settings the same in every run`;
  const sameTable = document.getElementById('config-same-table');
  sameTable.tHead.replaceChildren(head());
  sameTable.tBodies[0].replaceChildren(...same.map(key => row(key, false)));
}

/**
 * The compare page: metric, x axis, log scale and smoothing controls (mirrored in the URL query),
 * the chart for the chosen metric, the runs with their status, and the config side by side.
 * Polls while any compared run is running.
 */
function comparePage() {
  const url = new URLSearchParams(location.search);
  const runs = (url.get('runs') || '').split(',').map(s => s.trim()).filter(Boolean).join(',');
  if (!runs) {
    showError('No runs to compare: tick runs in the run list (/) and press "Compare selected", or open /compare?runs=1,2.');
    return;
  }
  const [metric, xAxis, log, smooth, group, at, atEpoch] = ['metric', 'x', 'log', 'smooth', 'group', 'at', 'at-epoch']
    .map(id => document.getElementById(id));
  const atEpochLabel = document.getElementById('at-epoch-label');
  const smoothValue = document.getElementById('smooth-value');
  const isLoss = name => /loss/.test(name);

  setOptions(metric, [url.get('metric') || 'val_accuracy'], url.get('metric') || 'val_accuracy');
  xAxis.value = url.get('x') || 'epoch';
  if (!xAxis.value) xAxis.value = 'epoch'; // an unknown ?x= selects nothing
  log.checked = url.has('log') ? url.get('log') === '1' : isLoss(metric.value);
  smooth.value = url.get('smooth') || '0';
  group.checked = url.get('group') === 'seeds';
  const atText = url.get('at') || 'last';
  at.value = /^\d+$/.test(atText) ? 'epoch' : atText;
  if (!at.value) at.value = 'last';
  if (/^\d+$/.test(atText)) atEpoch.value = atText;
  const atParam = () => (at.value === 'epoch' ? atEpoch.value : at.value);
  const showAt = () => { atEpochLabel.hidden = at.value !== 'epoch'; };
  showAt();
  const showSmooth = () => { smoothValue.textContent = Number(smooth.value).toFixed(2); };
  showSmooth();
  // The seeds' mean is taken at each epoch: grouping draws against epochs, unsmoothed.
  const showGrouping = () => {
    if (group.checked) xAxis.value = 'epoch';
    xAxis.disabled = smooth.disabled = group.checked;
  };
  showGrouping();

  const chartParams = () => ({
    runs, metric: metric.value, x: xAxis.value, scale: log.checked ? 'log' : 'linear', smooth: smooth.value, title: metric.value,
    group: group.checked ? 'seeds' : '',
  });
  const view = poller(
    () => Promise.all([getJSON(`/api/compare${query({ runs, at: atParam() })}`), chart(chartParams()),
      group.checked ? getJSON(`/api/groups${query({ runs })}`) : null]),
    ([data, svg, groups]) => {
      const repeats = document.getElementById('repeats');
      if (groups) renderRepeats(repeats, groups); else repeats.hidden = true;
      setOptions(metric, [...new Set([...data.metrics, metric.value])], metric.value);
      const figure = document.getElementById('chart');
      figure.replaceChildren(svg);
      attachReadout(figure, new Map(data.runs.map(run => [String(run.id), `#${run.id} ${run.name}`])));
      renderCompareRuns(data.runs, data.at);
      renderConfigComparison(data.runs, data.differing);
      return data.runs.some(isRunning);
    });

  /** Writes the controls to the URL (so the view can be linked) and reloads. */
  function refresh() {
    const { x, smooth: s, group: g } = chartParams();
    const point = atParam() === 'last' ? '' : atParam();
    history.replaceState(null, '', `/compare${query({ runs, metric: metric.value, x, log: log.checked ? 1 : 0, smooth: s, group: g, at: point })}`);
    view.refresh();
  }
  metric.addEventListener('change', () => { log.checked = isLoss(metric.value); refresh(); });
  xAxis.addEventListener('change', refresh);
  log.addEventListener('change', refresh);
  smooth.addEventListener('input', showSmooth);
  smooth.addEventListener('change', refresh);
  group.addEventListener('change', () => { showGrouping(); refresh(); });
  at.addEventListener('change', () => { showAt(); refresh(); });
  atEpoch.addEventListener('change', refresh);
  refresh();
}

// MARK: - Start

/** Runs the page named by <body data-page>; an exception becomes the error line, not a blank page. */
function start() {
  const pages = { runs: runsPage, run: runPage, compare: comparePage, study: studyPage };
  const page = pages[document.body.dataset.page];
  try {
    if (!page) throw new Error(`Unknown page "${document.body.dataset.page}": expected runs, run, compare or study.`);
    page();
  } catch (error) {
    showError(`The dashboard script failed: ${error.message}`);
  }
}

start();
