// BatchLab dashboard: the study page (/study?name=…): every run of a study overlaid, one chart per
// metric, the way TensorBoard shows every run. A filter (the run list's syntax, applied by the
// server) picks the runs; a tick per run shows or hides its lines in every chart at once, without
// reloading; the pointer reads values off any chart (hover.js).
'use strict';

/** The study page's charts (losses and the learning rate on log scales: the server's default). */
const STUDY_CHARTS = ['val_accuracy', 'val_loss', 'loss', 'lr', 'images_per_second', 'peak_rss_mb'].map(metric => ({ metric }));

/** At most this many shown runs go to the compare page (its limit). */
const COMPARE_LIMIT = 24;

function studyPage() {
  const url = new URLSearchParams(location.search);
  const study = url.get('name') || '';
  if (!study) {
    showError('No study named: open /study?name=<study>, or pick a study in the run list (/).');
    return;
  }
  document.getElementById('study-name').textContent = study;
  document.title = `${study} — BatchLab`;
  const [filter, xAxis, smooth] = ['filter', 'x', 'smooth'].map(id => document.getElementById(id));
  const smoothValue = document.getElementById('smooth-value');
  const status = document.getElementById('study-status');
  const tbody = document.querySelector('#study-runs tbody');
  const compare = document.getElementById('compare-shown');
  filter.value = url.get('filter') || '';
  xAxis.value = url.get('x') || 'epoch';
  if (!xAxis.value) xAxis.value = 'epoch';
  smooth.value = url.get('smooth') || '0';
  smoothValue.textContent = Number(smooth.value).toFixed(2);

  // Hidden runs: their lines in every chart get visibility:hidden (no reload, and no relayout of
  // thousands of SVG elements, which display:none costs); the read-outs skip them.
  const hidden = new Set((url.get('hide') || '').split(',').filter(Boolean).map(Number));
  let shownRuns = [];
  let rowLimit = ROW_LIMIT;
  let linesByRun = new Map();
  function applyHidden() {
    for (const [id, lines] of linesByRun) {
      const visibility = hidden.has(id) ? 'hidden' : '';
      for (const line of lines) if (line.style.visibility !== visibility) line.style.visibility = visibility;
    }
    const shown = shownRuns.filter(run => !hidden.has(run.id));
    compare.disabled = shown.length === 0 || shown.length > COMPARE_LIMIT;
    compare.textContent = shown.length > COMPARE_LIMIT ? `Compare shown (${shown.length}: at most ${COMPARE_LIMIT})`
      : `Compare shown (${shown.length})`;
  }

  // The charts shown: all six unless the URL names some (`metrics=val_accuracy,lr`); a tick each.
  const named = (url.get('metrics') || '').split(',').filter(metric => STUDY_CHARTS.some(chart => chart.metric === metric));
  const chosen = new Set(named.length ? named : STUDY_CHARTS.map(chart => chart.metric));
  const shownCharts = () => STUDY_CHARTS.filter(({ metric }) => chosen.has(metric));
  const choice = document.getElementById('chart-choice');
  for (const { metric } of STUDY_CHARTS) {
    choice.append(h('label', {}, h('input', {
      type: 'checkbox', checked: chosen.has(metric),
      onchange: event => { event.target.checked ? chosen.add(metric) : chosen.delete(metric); layOut(); refresh(); },
    }), metric));
  }
  let boxes = [];
  /** One figure per chosen chart, in the page's order. */
  function layOut() {
    boxes = shownCharts().map(({ metric }) => h('figure', { class: 'chart', id: `chart-${metric}`, 'aria-label': `${metric} of the study's runs` },
      h('p', { class: 'note' }, 'Loading chart…')));
    document.getElementById('study-charts').replaceChildren(...boxes);
  }
  layOut();

  /** A square of the run's colour (set through the CSSOM: the policy allows no inline style attribute). */
  function swatch(color) {
    const square = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    if (color) square.style.background = color;
    return square;
  }

  /** A row per run: the tick that shows it, its colour (taken from its line), id, name and key values. */
  function row(run, colors) {
    const color = colors.get(String(run.id));
    return h('tr', { 'data-key': run.id },
      h('td', {}, h('label', {},
        h('input', {
          type: 'checkbox', checked: !hidden.has(run.id), 'aria-label': `Show run ${run.id} in the charts`,
          onchange: event => { event.target.checked ? hidden.delete(run.id) : hidden.add(run.id); applyHidden(); writeURL(); },
        }),
        swatch(color))),
      h('td', { class: 'num' }, run.id),
      h('td', {}, h('a', { href: `/runs/${run.id}` }, run.name)),
      h('td', {}, badge(run.status)),
      numCell('batchSize', run.batchSize),
      numCell('learningRate', run.learningRate),
      numCell('seed', run.fields.seed),
      numCell('bestValAccuracy', run.bestValAccuracy),
      numCell('seconds', run.fields.seconds));
  }

  const view = poller(async () => {
    const params = { study, filter: filter.value, x: xAxis.value, smooth: smooth.value };
    const metrics = shownCharts().map(({ metric }) => metric);
    const [list, svgs] = await Promise.all([
      getJSON(`/api/runs${query({ study, filter: filter.value, sort: 'id', order: 'asc' })}`),
      metrics.length ? charts(params, metrics) : [],
    ]);
    return { list, svgs };
  }, ({ list, svgs }) => {
    loadRepeats();
    shownRuns = list.runs;
    const names = new Map(list.runs.map(run => [String(run.id), `#${run.id} ${run.name}`]));
    boxes.forEach((box, i) => { box.replaceChildren(svgs[i]); attachReadout(box, names, hidden); });
    linesByRun = new Map();
    for (const line of document.querySelectorAll('#study-charts svg [data-id]')) {
      const id = Number(line.dataset.id);
      if (!linesByRun.has(id)) linesByRun.set(id, []);
      linesByRun.get(id).push(line);
    }
    // Each run's colour from the first chart that draws it (a run may have no point yet in some).
    const colors = new Map();
    for (const line of document.querySelectorAll('#study-charts path.series[data-id]')) {
      if (!colors.has(line.dataset.id)) colors.set(line.dataset.id, line.getAttribute('stroke'));
    }
    replaceRows(tbody, list.runs.length ? limitedRows(list.runs, rowLimit, run => row(run, colors), 9, () => { rowLimit = Infinity; refresh(); })
      : [noteRow(9, filter.value ? 'No run of this study matches the filter.' : 'This study has no runs.')]);
    applyHidden();
    status.textContent = `${list.runs.length.toLocaleString('en')} runs`;
    return list.runs.some(isRunning);
  });

  // The repeats table reads every run's epochs: it loads after the charts are drawn, the latest
  // request winning.
  let repeatsRequest = 0;
  async function loadRepeats() {
    const mine = ++repeatsRequest;
    try {
      const groups = await getJSON(`/api/groups${query({ study, filter: filter.value })}`);
      if (mine === repeatsRequest) renderRepeats(document.getElementById('repeats'), groups);
    } catch (error) {
      if (mine === repeatsRequest) showError(error.message);
    }
  }

  /** Writes the controls to the URL (so the view can be linked). */
  function writeURL() {
    history.replaceState(null, '', `/study${query({
      name: study, filter: filter.value, x: xAxis.value === 'epoch' ? '' : xAxis.value,
      smooth: smooth.value === '0' ? '' : smooth.value, hide: [...hidden].sort((a, b) => a - b).join(','),
      metrics: chosen.size === STUDY_CHARTS.length ? '' : shownCharts().map(({ metric }) => metric).join(','),
    })}`);
  }
  function refresh() { writeURL(); view.refresh(); }
  let typing;
  filter.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(refresh, 300); });
  xAxis.addEventListener('change', refresh);
  smooth.addEventListener('input', () => { smoothValue.textContent = Number(smooth.value).toFixed(2); });
  smooth.addEventListener('change', refresh);
  document.getElementById('show-all').addEventListener('click', () => {
    hidden.clear();
    tbody.querySelectorAll('input[type=checkbox]').forEach(box => { box.checked = true; });
    applyHidden(); writeURL();
  });
  document.getElementById('hide-all').addEventListener('click', () => {
    shownRuns.forEach(run => hidden.add(run.id));
    tbody.querySelectorAll('input[type=checkbox]').forEach(box => { box.checked = false; });
    applyHidden(); writeURL();
  });
  compare.addEventListener('click', () => {
    const ids = shownRuns.filter(run => !hidden.has(run.id)).map(run => run.id);
    location.href = `/compare${query({ runs: ids.join(',') })}`;
  });
  refresh();
}
