// The page's script: draws the ranked table (sorted and filtered here),
// the heatmap of weeks by verdict, and a manager's weekly chart on demand,
// all from the figures in #twohats-data. Names and every other text go
// into the page as text nodes (textContent), never as markup.
function twohatsPage() {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('twohats-data').textContent);
  var managers = data.managers;
  var VERDICT = { x: 'over', w: 'watch', o: 'ok', '-': 'insufficient-data' };
  var VERDICT_TEXT = { over: 'over', watch: 'watch', ok: 'ok', 'insufficient-data': 'too little data' };

  function fixed(digits, suffix) {
    return function (v) { return v.toFixed(digits) + (suffix || ''); };
  }

  // The ranked table's columns. `key` is the manager's figure the column
  // sorts by; `text` the key of its text as the other formats print it,
  // or `fmt` to format the figure. An `optional` column shows only when
  // some manager has its key: the advice figures and the group arrive in
  // the data without any change here.
  var COLUMNS = [
    { key: 'rank', label: '#', num: true, asc: true },
    { key: 'name', label: 'Manager', cell: nameCell },
    { key: 'group', label: 'Group', optional: true },
    { key: 'standing_order', label: 'Standing', asc: true, cell: standingCell },
    { key: 'share', label: 'Mean share', num: true, text: 'share_text' },
    { key: 'margin', label: 'vs limit', num: true, text: 'margin_text', wide: true, cls: marginClass },
    { key: 'coding_over_limit_hours', label: 'Over-limit h', num: true, optional: true, fmt: fixed(2) },
    { key: 'rolling_share_pct', label: '4-week share', num: true, optional: true, fmt: fixed(1, '%') },
    { key: 'one_on_one_hours_per_report', label: '1:1 h per report', num: true, optional: true, fmt: fixed(2) },
    { key: 'limit', label: 'Limit', num: true, text: 'limit_text', wide: true },
    { key: 'weeks_over', label: 'Weeks over', num: true, wide: true, fmt: function (v, m) { return v + ' of ' + m.weeks_with_data; } },
    { key: 'weeks_watch', label: 'Weeks watch', num: true, wide: true },
    { key: 'reports', label: 'Reports', num: true, text: 'reports_text', wide: true },
    { key: 'band', label: 'Band', wide: true }
  ].filter(function (c) {
    return !c.optional || managers.some(function (m) { return has(m[c.key]); });
  });

  var state = { key: 'rank', dir: 1, shown: managers.slice(), open: new Set() };
  var $ = function (id) { return document.getElementById(id); };

  function has(v) { return v !== undefined && v !== null; }

  function el(name, attrs, text) {
    var e = document.createElement(name);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (has(text)) e.textContent = text;
    return e;
  }

  function svgEl(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (has(text)) e.textContent = text;
    return e;
  }

  function marginClass(m) {
    return has(m.margin) ? (m.margin > 0 ? 'plus' : 'minus') : '';
  }

  function nameCell(m, td) {
    td.className = 'name';
    var b = el('button', { type: 'button', class: 'name', 'aria-expanded': String(state.open.has(m.id)), 'aria-controls': 'd-' + m.id }, m.name);
    b.addEventListener('click', function () { toggle(m.id, false); });
    td.appendChild(b);
    if (m.one_on_ones_thin) {
      td.appendChild(el('span', { class: 'thin', title: '1:1 hours per report below the norm' }, '1:1 thin'));
    }
  }

  function standingCell(m, td) {
    td.appendChild(el('span', { class: 'badge ' + m.standing_verdict }, m.standing));
  }

  // ---- sorting and filtering ----

  function compare(a, b) {
    var va = a[state.key], vb = b[state.key];
    // Missing figures last, whichever the direction.
    if (!has(va) || !has(vb)) return has(va) ? -1 : has(vb) ? 1 : a.rank - b.rank;
    var d = typeof va === 'string' ? va.localeCompare(vb) : va - vb;
    return d * state.dir || a.rank - b.rank;
  }

  function filters() {
    return {
      name: $('f-name').value.trim().toLowerCase(),
      band: $('f-band').value,
      standing: $('f-standing').value,
      group: $('f-group').value
    };
  }

  function matches(m, f) {
    return (!f.name || m.name.toLowerCase().indexOf(f.name) >= 0) &&
      (!f.band || m.band === f.band) &&
      (!f.standing || m.standing === f.standing) &&
      (!f.group || m.group === f.group);
  }

  function update() {
    var f = filters();
    state.shown = managers.filter(function (m) { return matches(m, f); }).sort(compare);
    $('shown').textContent = 'Showing ' + state.shown.length + ' of ' + managers.length + ' managers.';
    drawRows();
    drawHeatmap();
  }

  // ---- the ranked table ----

  function drawHead() {
    var tr = el('tr');
    COLUMNS.forEach(function (c) {
      var th = el('th', { scope: 'col', class: (c.num ? 'n' : '') + (c.wide ? ' wide' : '') });
      if (c.key === state.key) th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      var b = el('button', { type: 'button' }, c.label);
      b.addEventListener('click', function () { sortBy(c); });
      th.appendChild(b);
      tr.appendChild(th);
    });
    $('ranked').tHead.replaceChildren(tr);
  }

  function sortBy(c) {
    // Figures sort largest first at the first click (who is furthest
    // over), names and ranks from the top.
    state.dir = c.key === state.key ? -state.dir : (c.num && !c.asc ? -1 : 1);
    state.key = c.key;
    drawHead();
    update();
    // The header was drawn anew: keyboard focus stays on the column sorted.
    var at = COLUMNS.indexOf(c), again = $('ranked').tHead.querySelectorAll('button')[at];
    if (again) again.focus();
  }

  function row(m) {
    var tr = el('tr', { 'data-id': m.id, id: 'm-' + m.id });
    if (state.open.has(m.id)) tr.className = 'open';
    COLUMNS.forEach(function (c) {
      var td = el('td', { class: ((c.num ? 'n ' : '') + (c.wide ? 'wide ' : '') + (c.cls ? c.cls(m) : '')).trim() });
      if (c.cell) c.cell(m, td);
      else if (c.text) td.textContent = m[c.text];
      else if (!has(m[c.key])) td.textContent = '–';
      else td.textContent = c.fmt ? c.fmt(m[c.key], m) : m[c.key];
      tr.appendChild(td);
    });
    return tr;
  }

  // Each manager's row is made once and moved on a sort or a filter:
  // remaking 500 rows each time made a click take half a second.
  var madeRows = new Map();
  function rowOf(m) {
    var tr = madeRows.get(m.id);
    if (!tr) { tr = row(m); madeRows.set(m.id, tr); }
    var open = state.open.has(m.id);
    tr.classList.toggle('open', open);
    var name = tr.querySelector('button.name');
    if (name) name.setAttribute('aria-expanded', String(open));
    return tr;
  }

  function drawRows() {
    var body = document.createDocumentFragment();
    state.shown.forEach(function (m) {
      body.appendChild(rowOf(m));
      if (state.open.has(m.id)) body.appendChild(detailRow(m));
    });
    $('ranked').tBodies[0].replaceChildren(body);
    state.shown.forEach(function (m) { if (state.open.has(m.id)) drawDetail(m); });
  }

  function toggle(id, scroll) {
    var m = managers.find(function (x) { return x.id === id; });
    if (!m) return;
    var tr = $('m-' + id);
    if (!tr) return;
    if (state.open.has(id) && !scroll) {
      state.open.delete(id);
      var d = $('d-' + id);
      if (d) d.remove();
      tr.classList.remove('open');
    } else if (!state.open.has(id)) {
      state.open.add(id);
      tr.classList.add('open');
      tr.after(detailRow(m));
      drawDetail(m);
      history.replaceState(null, '', '#m-' + id);
    }
    tr.querySelector('button.name').setAttribute('aria-expanded', String(state.open.has(id)));
    if (scroll) tr.scrollIntoView({ block: 'start' });
  }

  // ---- a manager's weeks, on demand ----

  function detailRow(m) {
    var tr = el('tr', { class: 'detail', id: 'd-' + m.id });
    tr.appendChild(el('td', { colspan: String(COLUMNS.length) }));
    return tr;
  }

  function weeksOf(m) {
    var out = [];
    m.w.verdict.split('').forEach(function (v, i) { if (v !== ' ') out.push(i); });
    return out;
  }

  function drawDetail(m) {
    var cell = $('d-' + m.id).firstChild;
    // A box as wide as the table's visible part (and held there when the
    // table scrolls sideways), so a long weekly table scrolls inside it
    // rather than widening the table.
    var td = el('div', { class: 'fit' });
    td.style.width = Math.max(280, $('ranked').parentNode.clientWidth - 16) + 'px';
    cell.replaceChildren(td);
    var parts = [m.reports_text + ' reports', m.band + ' band', 'limit ' + m.limit_text,
      'mean coding share ' + m.share_text, m.timezone];
    if (has(m.group)) parts.unshift(m.group);
    td.appendChild(el('p', { class: 'meta' }, parts.join(' · ')));
    if (has(m.overdue_members)) td.appendChild(el('p', { class: 'meta' }, '1:1s overdue in ' + m.overdue_members));
    var box = el('div', { class: 'chart' });
    td.appendChild(box);
    box.appendChild(chart(m, Math.max(320, Math.min(760, td.clientWidth))));
    td.appendChild(weekTable(m));
  }

  var WEEK_COLUMNS = [
    ['Week', '', function (m, i) { return data.weeks[i]; }],
    ['Start', 'wide', function (m, i) { return data.starts[i]; }],
    ['Coding h', 'n', hoursOf('coding')],
    ['People h', 'n', hoursOf('people')],
    ['Other h', 'n wide', hoursOf('other')],
    ['Tracked h', 'n wide', hoursOf('tracked')],
    ['Share', 'n', function (m, i) { return m.w.share[i].toFixed(1) + '%'; }],
    ['Verdict', '', null],
    ['After hours h', 'n wide', hoursOf('after_hours')],
    ['Commits', 'n wide', function (m, i) { return m.w.commits[i]; }],
    ['Sessions', 'n wide', function (m, i) { return m.w.sessions[i]; }],
    ['Events', 'n wide', function (m, i) { return m.w.events[i]; }]
  ];

  // Weeks not complete: the status and the coding budget, for a manager
  // with such a week.
  var STATUS_TEXT = { p: 'in progress', a: 'ahead' };
  var PROGRESS_COLUMNS = [
    ['Status', '', function (m, i) { return STATUS_TEXT[m.w.status[i]] || 'complete'; }],
    ['Budget h', 'n', function (m, i) { return has(m.w.budget[i]) ? m.w.budget[i].toFixed(2) : '–'; }]
  ];

  // " (provisional)" for a week in progress or ahead: its verdict is on a plan.
  function provisional(m, i) {
    return m.w.status && STATUS_TEXT[m.w.status[i]] ? ' (provisional)' : '';
  }

  function hoursOf(key) {
    return function (m, i) { return m.w[key][i].toFixed(2); };
  }

  // 1:1 coverage, for a manager with a team.
  var COVERAGE_COLUMNS = [
    ['Team', 'n wide', function (m, i) { return countOf(m.w.team[i]); }],
    ['1:1s met', 'n', function (m, i) { return countOf(m.w.met[i]); }],
    ['1:1 overdue', 'n', function (m, i) { return countOf(m.w.overdue[i]); }]
  ];

  function countOf(n) { return has(n) ? String(n) : '–'; }

  function weekTable(m) {
    var weeks = weeksOf(m);
    // Status and budget beside the verdict, where a narrow screen still
    // shows them; 1:1 coverage last.
    var verdictAt = WEEK_COLUMNS.findIndex(function (c) { return !c[2]; }) + 1;
    var columns = WEEK_COLUMNS.slice(0, verdictAt)
      .concat(m.w.status ? PROGRESS_COLUMNS : [], WEEK_COLUMNS.slice(verdictAt), m.w.team ? COVERAGE_COLUMNS : []);
    var details = el('details');
    if (weeks.length <= 8) details.open = true;
    details.appendChild(el('summary', {}, 'Weekly figures (' + weeks.length + ' weeks)'));
    var table = el('table'), head = el('tr'), body = el('tbody');
    columns.forEach(function (c) { head.appendChild(el('th', { scope: 'col', class: c[1] }, c[0])); });
    table.appendChild(el('thead')).appendChild(head);
    weeks.forEach(function (i) {
      var v = VERDICT[m.w.verdict[i]];
      var tr = el('tr', { class: v });
      columns.forEach(function (c) {
        var td = el('td', { class: c[1] }, c[2] ? c[2](m, i) : null);
        if (!c[2]) td.appendChild(el('span', { class: 'badge ' + v }, VERDICT_TEXT[v] + provisional(m, i)));
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var scroll = el('div', { class: 'scroll' });
    scroll.appendChild(table);
    details.appendChild(scroll);
    return details;
  }

  // The top of an axis of four ticks: four times the smallest round step
  // that reaches `v`.
  function axisTop(v) {
    var steps = [2.5, 5, 10, 15, 20, 25, 50, 100, 250, 500, 1000];
    for (var i = 0; i < steps.length; i++) if (4 * steps[i] >= v) return 4 * steps[i];
    return Math.ceil(v);
  }

  // A manager's chart: stacked weekly hours (coding, people, other) on the
  // left axis, the weekly coding share against the limit on the right; the
  // over-limit part of the coding bar and the 1:1 hours when the figures
  // carry them.
  function chart(m, width) {
    var weeks = weeksOf(m), w = m.w;
    var key = legendLayout(m, width);
    // The axis titles sit 8 px above the plot, the legend above them.
    var H = 340 + key.bottom - 14, L = 44, R = 48, T = key.bottom + 32, B = w.team ? 44 : 30, pw = width - L - R, ph = H - T - B;
    var maxHours = axisTop(Math.max.apply(null, weeks.map(function (i) { return w.tracked[i]; }).concat([10])));
    var maxShare = Math.min(100, axisTop(Math.max.apply(null, weeks.map(function (i) {
      return w.verdict[i] === '-' ? 0 : w.share[i];
    }).concat([m.limit + 5]))));
    var step = pw / Math.max(1, weeks.length), bar = step * (weeks.length > 26 ? 0.8 : 0.6);
    var x = function (k) { return L + step * k + step / 2; };
    var yh = function (h) { return T + ph - ph * h / maxHours; };
    var ys = function (s) { return T + ph - ph * Math.min(s, maxShare) / maxShare; };
    var first = weeks.length ? data.weeks[weeks[0]] : '', last = weeks.length ? data.weeks[weeks[weeks.length - 1]] : '';
    var svg = svgEl('svg', { viewBox: '0 0 ' + width + ' ' + H, width: width, height: H, role: 'img', 'data-manager': m.id,
      'aria-label': 'Weekly hours and coding share of ' + m.name + ', ' + first + ' to ' + last });
    axes(svg, { L: L, R: R, T: T, ph: ph, pw: pw, width: width, maxHours: maxHours, maxShare: maxShare, yh: yh, ys: ys });
    weeks.forEach(function (i, k) { svg.appendChild(weekBar(m, i, x(k) - bar / 2, bar, yh)); });
    var labelEvery = Math.ceil(40 / step);
    weeks.forEach(function (i, k) {
      if (k % labelEvery === 0) svg.appendChild(svgEl('text', { x: x(k), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, 'W' + data.weeks[i].slice(-2)));
      // 1:1s met of the team under the week, marked when one is overdue.
      if (w.team && k % labelEvery === 0 && has(w.team[i])) {
        svg.appendChild(svgEl('text', { x: x(k), y: H - B + 30, 'text-anchor': 'middle', class: w.overdue[i] > 0 ? 'tick overdue-count' : 'tick' },
          w.met[i] + '/' + w.team[i]));
      }
    });
    svg.appendChild(svgEl('line', { x1: L, x2: L + pw, y1: ys(m.limit), y2: ys(m.limit), class: 'l-limit' }));
    if (w.one_on_one_hours) svg.appendChild(line(weeks, x, function (i) { return has(w.one_on_one_hours[i]) ? yh(w.one_on_one_hours[i]) : null; }, 'l-one'));
    var withData = function (i) { return w.verdict[i] === '-' ? null : ys(w.share[i]); };
    svg.appendChild(line(weeks, x, withData, 'l-share'));
    // A week with too little tracked time has no share to plot (it would
    // sit at the axis top, whatever it was).
    weeks.forEach(function (i, k) {
      var v = VERDICT[w.verdict[i]];
      if (v !== 'insufficient-data') svg.appendChild(svgEl('circle', { cx: x(k), cy: ys(w.share[i]), r: 3.5, class: 'v-' + v }));
    });
    legend(svg, key);
    return svg;
  }

  function axes(svg, a) {
    for (var t = 0; t <= 4; t++) {
      var y = a.T + a.ph - a.ph * t / 4;
      svg.appendChild(svgEl('line', { x1: a.L, x2: a.L + a.pw, y1: y, y2: y, class: 'grid' }));
      svg.appendChild(svgEl('text', { x: a.L - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, String(a.maxHours * t / 4)));
      svg.appendChild(svgEl('text', { x: a.L + a.pw + 6, y: y + 4, class: 'tick' }, (a.maxShare * t / 4) + '%'));
    }
    svg.appendChild(svgEl('line', { x1: a.L, x2: a.L + a.pw, y1: a.T + a.ph, y2: a.T + a.ph, class: 'axis' }));
    svg.appendChild(svgEl('text', { x: 4, y: a.T - 8, class: 'tick' }, 'hours'));
    svg.appendChild(svgEl('text', { x: a.width - 4, y: a.T - 8, 'text-anchor': 'end', class: 'tick' }, 'coding share'));
  }

  function weekBar(m, i, left, width, yh) {
    var w = m.w, v = VERDICT[w.verdict[i]];
    var g = svgEl('g', { 'data-week': data.weeks[i] });
    var later = provisional(m, i);
    if (later) g.setAttribute('class', 'provisional');
    var tip = data.weeks[i] + ': coding ' + w.coding[i].toFixed(2) + ' h, people ' + w.people[i].toFixed(2) +
      ' h, other ' + w.other[i].toFixed(2) + ' h; share ' + w.share[i].toFixed(1) + '% (' + VERDICT_TEXT[v] + later + ')';
    if (later && has(w.budget[i])) tip += '; budget ' + w.budget[i].toFixed(2) + ' h more coding';
    var over = w.coding_over_limit_hours && w.coding_over_limit_hours[i];
    if (over) tip += '; ' + over.toFixed(2) + ' h over the limit';
    if (w.team && has(w.team[i])) tip += '; 1:1s with ' + w.met[i] + ' of ' + w.team[i] + ' reports, ' + w.overdue[i] + ' overdue';
    g.appendChild(svgEl('title', {}, tip));
    var base = 0;
    [['coding', 's-coding'], ['people', 's-people'], ['other', 's-other']].forEach(function (s) {
      var h = w[s[0]][i];
      if (h > 0) g.appendChild(svgEl('rect', { x: left, width: width, y: yh(base + h), height: yh(base) - yh(base + h), class: s[1] }));
      base += h;
    });
    if (over > 0) {
      var top = w.coding[i];
      g.appendChild(svgEl('rect', { x: left, width: width, y: yh(top), height: yh(top - Math.min(over, top)) - yh(top), class: 's-over-part' }));
    }
    return g;
  }

  function line(weeks, x, y, cls) {
    var d = '', pen = 'M';
    weeks.forEach(function (i, k) {
      var v = y(i);
      if (v === null) { pen = 'M'; return; }
      d += pen + x(k).toFixed(1) + ' ' + v.toFixed(1);
      pen = 'L';
    });
    return svgEl('path', { d: d || 'M0 0', class: cls });
  }

  // The legend's entries placed in rows across `width`; `bottom` is the
  // last row's baseline, so the plot starts below however many rows a
  // narrow chart needs.
  function legendLayout(m, width) {
    var items = [['rect', 's-coding', 'coding'], ['rect', 's-people', 'people'], ['rect', 's-other', 'other'],
      ['line', 'l-share', 'coding share'], ['line', 'l-limit', 'limit ' + m.limit_text]];
    if (m.w.coding_over_limit_hours) items.push(['rect', 's-over-part', 'over the limit']);
    if (m.w.one_on_one_hours) items.push(['line', 'l-one', '1:1 hours']);
    if (m.w.team) items.push(['text', '', 'n/m: 1:1s met of the team']);
    var x = 8, y = 14;
    var placed = items.map(function (it) {
      var w = 22 + it[2].length * 6.6 + 12;
      if (x + w > width) { x = 8; y += 16; }
      var at = { kind: it[0], cls: it[1], text: it[2], x: x, y: y };
      x += w;
      return at;
    });
    return { items: placed, bottom: y };
  }

  function legend(svg, layout) {
    layout.items.forEach(function (it) {
      if (it.kind === 'rect') svg.appendChild(svgEl('rect', { x: it.x, y: it.y - 9, width: 12, height: 10, class: it.cls }));
      if (it.kind === 'line') svg.appendChild(svgEl('line', { x1: it.x, x2: it.x + 14, y1: it.y - 4, y2: it.y - 4, class: it.cls }));
      svg.appendChild(svgEl('text', { x: it.kind === 'text' ? it.x : it.x + 18, y: it.y }, it.text));
    });
  }

  // ---- the heatmap ----

  var heat = { width: 0 };

  function drawHeatmap() {
    var box = $('heat'), n = state.shown.length, weeks = data.weeks.length;
    var width = Math.max(280, box.clientWidth);
    var rowH = Math.max(2, Math.min(20, Math.floor(720 / Math.max(1, n))));
    var labelW = rowH >= 12 ? Math.min(180, Math.round(width * 0.32)) : 0;
    var top = 18, cellW = (width - labelW) / Math.max(1, weeks);
    var height = top + n * rowH + 2;
    heat = { width: box.clientWidth, rowH: rowH, labelW: labelW, top: top, cellW: cellW };
    var svg = svgEl('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'data-top': top, 'data-row-height': rowH,
      'aria-label': 'Weeks by verdict: ' + n + ' managers by ' + weeks + ' weeks' });
    var every = Math.ceil(36 / cellW);
    for (var i = 0; i < weeks; i += every) {
      svg.appendChild(svgEl('text', { x: labelW + i * cellW + 1, y: 12, class: 'tick' }, 'W' + data.weeks[i].slice(-2)));
    }
    var paths = { x: '', w: '', o: '', '-': '' }, overdue = '', provisional = '';
    var dot = Math.max(2, Math.min(6, Math.floor(rowH / 2)));
    var gapY = rowH >= 6 ? 1 : 0, gapX = cellW >= 6 ? 1 : 0, cw = (cellW - gapX).toFixed(2);
    var clip = svgEl('clipPath', { id: 'heat-names' });
    clip.appendChild(svgEl('rect', { x: 0, y: 0, width: Math.max(0, labelW - 6), height: height }));
    var names = svgEl('g', { 'clip-path': 'url(#heat-names)' });
    state.shown.forEach(function (m, r) {
      var y = top + r * rowH, v = m.w.verdict;
      for (var i = 0; i < weeks; i++) {
        if (v[i] in paths) paths[v[i]] += 'M' + (labelW + i * cellW).toFixed(2) + ' ' + y + 'h' + cw + 'v' + (rowH - gapY) + 'h-' + cw + 'z';
        // A week in progress or ahead: the cell hatched over its colour.
        if (m.w.status && (m.w.status[i] === 'p' || m.w.status[i] === 'a')) {
          provisional += 'M' + (labelW + i * cellW).toFixed(2) + ' ' + y + 'h' + cw + 'v' + (rowH - gapY) + 'h-' + cw + 'z';
        }
        // A week with a report overdue for a 1:1: a corner of the cell.
        if (m.w.overdue && m.w.overdue[i] > 0) {
          overdue += 'M' + (labelW + (i + 1) * cellW - gapX - dot).toFixed(2) + ' ' + y + 'h' + dot + 'v' + dot + 'z';
        }
      }
      if (labelW) {
        // A clipped name shows whole on hover.
        var label = names.appendChild(svgEl('text', { x: 0, y: y + rowH - 3 }, m.name));
        label.appendChild(svgEl('title', {}, m.name));
      }
    });
    Object.keys(paths).forEach(function (k) {
      if (paths[k]) svg.appendChild(svgEl('path', { d: paths[k], class: 'v-' + VERDICT[k] }));
    });
    if (provisional) {
      var hatch = svgEl('pattern', { id: 'heat-hatch', width: 5, height: 5, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
      hatch.appendChild(svgEl('rect', { x: 0, y: 0, width: 2, height: 5, fill: '#fff', 'fill-opacity': 0.7 }));
      svg.appendChild(svgEl('defs')).appendChild(hatch);
      svg.appendChild(svgEl('path', { d: provisional, class: 'provisional', fill: 'url(#heat-hatch)' }));
    }
    if (overdue) svg.appendChild(svgEl('path', { d: overdue, class: 'overdue' }));
    if (labelW) { svg.appendChild(clip); svg.appendChild(names); }
    heat.mark = svgEl('rect', { x: 0, y: 0, width: 0, height: 0, fill: 'none', stroke: '#000', 'stroke-width': 1.5 });
    svg.appendChild(heat.mark);
    svg.addEventListener('pointermove', function (e) { point(svg, e, false); });
    svg.addEventListener('click', function (e) { point(svg, e, true); });
    // From the keyboard: arrows move over managers and weeks, Enter opens
    // the manager's chart.
    svg.setAttribute('tabindex', '0');
    // The arrows start at the first manager's last week; focus shows it.
    var cursor = function () {
      return heat.cursor || (heat.cursor = { row: 0, week: data.weeks.length - 1 });
    };
    svg.addEventListener('focus', function () {
      describe(cursor().row, cursor().week, false);
    });
    svg.addEventListener('keydown', function (e) {
      var c = cursor();
      var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (moves[e.key]) {
        c.row = Math.max(0, Math.min(state.shown.length - 1, c.row + moves[e.key][0]));
        c.week = Math.max(0, Math.min(data.weeks.length - 1, c.week + moves[e.key][1]));
      } else if (e.key !== 'Enter') return;
      e.preventDefault();
      describe(c.row, c.week, e.key === 'Enter');
      // The heatmap box scrolls: keep the marked row in sight.
      var top = heat.top + c.row * heat.rowH;
      if (top < box.scrollTop || top + heat.rowH > box.scrollTop + box.clientHeight) {
        box.scrollTop = top - box.clientHeight / 2;
      }
    });
    box.replaceChildren(svg);
  }

  // The manager and week under the pointer: described below the heatmap,
  // and opened in the table on a click.
  function point(svg, e, open) {
    var r = svg.getBoundingClientRect();
    var row = Math.floor((e.clientY - r.top - heat.top) / heat.rowH);
    var i = Math.floor((e.clientX - r.left - heat.labelW) / heat.cellW);
    describe(row, i, open);
  }

  // Manager `row` of the heatmap and week `i`: said below it and marked;
  // with `open`, the manager's chart opened in the table.
  function describe(row, i, open) {
    var m = state.shown[row];
    if (!m) return;
    if (i < 0 || i >= data.weeks.length) i = -1;
    var text = m.name + ' (' + m.standing + ')';
    if (i >= 0 && m.w.verdict[i] === ' ') {
      text += ' · ' + data.weeks[i] + ': no share holds this week, so no figures';
    } else if (i >= 0) {
      var v = VERDICT[m.w.verdict[i]];
      text += ' · ' + data.weeks[i] + ': ' + VERDICT_TEXT[v] + ', coding ' + m.w.share[i].toFixed(1) + '% of ' +
        m.w.tracked[i].toFixed(2) + ' h tracked, limit ' + m.limit_text;
      if (m.w.overdue && m.w.overdue[i] > 0) {
        text += '; 1:1 overdue for ' + m.w.overdue[i] + ' of ' + m.w.team[i] + ' reports';
      }
      if (provisional(m, i)) {
        text += ' (' + STATUS_TEXT[m.w.status[i]] + ', provisional' +
          (has(m.w.budget[i]) ? '; budget ' + m.w.budget[i].toFixed(2) + ' h more coding' : '') + ')';
      }
    }
    if (i >= 0) {
      var s = heat.mark;
      s.setAttribute('x', heat.labelW + i * heat.cellW);
      s.setAttribute('y', heat.top + row * heat.rowH);
      s.setAttribute('width', heat.cellW);
      s.setAttribute('height', heat.rowH);
    }
    $('heat-readout').textContent = text;
    if (open) toggle(m.id, true);
  }

  // ---- start ----

  var bands = new Set(managers.map(function (m) { return m.band; }));
  Array.from($('f-band').options).forEach(function (o) {
    if (o.value && !bands.has(o.value)) o.remove();
  });
  var groups = Array.from(new Set(managers.filter(function (m) { return has(m.group); })
    .map(function (m) { return m.group; }))).sort();
  if (groups.length) {
    groups.forEach(function (g) { $('f-group').appendChild(el('option', {}, g)); });
    $('f-group-label').hidden = false;
  }
  ['f-band', 'f-standing', 'f-group'].forEach(function (id) {
    $(id).addEventListener('input', update);
  });
  // Typed names filter once the typing pauses, not at every key.
  var typing = 0;
  $('f-name').addEventListener('input', function () {
    clearTimeout(typing);
    typing = setTimeout(update, 120);
  });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  // Escape closes the manager opened last, and gives its name the focus.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape' || !state.open.size) return;
    var id = Array.from(state.open).pop();
    toggle(id, false);
    var name = $('m-' + id) && $('m-' + id).querySelector('button.name');
    if (name) name.focus();
  });
  var resizing = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if ($('heat').clientWidth !== heat.width) drawHeatmap();
      // An opened chart is as wide as the table's visible part: refit it.
      state.shown.forEach(function (m) { if (state.open.has(m.id)) drawDetail(m); });
    }, 150);
  });
  drawHead();
  update();
  var wanted = decodeURIComponent(location.hash.replace(/^#m-/, ''));
  if (wanted && location.hash.indexOf('#m-') === 0) toggle(wanted, true);
  performance.mark('twohats-drawn');
  document.documentElement.setAttribute('data-drawn', 'true');
}

// Drawn after the first paint, so the header, the cards and the org chart
// show at once, however many managers the table and heatmap hold.
requestAnimationFrame(function () { setTimeout(twohatsPage, 0); });
