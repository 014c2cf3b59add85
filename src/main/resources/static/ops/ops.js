// The ops page: plain JavaScript over the hub's /api, in the browser session of the logged-in user.
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const state = { roles: [], exPage: 0, exceptionId: null };

  function csrf() {
    const m = document.cookie.match(/(?:^|; )XSRF-TOKEN=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : '';
  }

  async function api(method, path, body) {
    const opts = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method !== 'GET') {
      opts.headers['X-XSRF-TOKEN'] = csrf();
      if (body !== undefined) {
        opts.headers['Content-Type'] = 'application/json';
        opts.body = typeof body === 'string' ? body : JSON.stringify(body);
      }
    }
    const res = await fetch(path, opts);
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
    if (!res.ok) {
      const err = new Error((json && (json.error || json.message)) || res.statusText);
      err.status = res.status; err.body = json;
      throw err;
    }
    return json;
  }

  function say(text, error) {
    const m = $('#message');
    m.textContent = text || '';
    m.className = text ? 'show' + (error ? ' error' : '') : '';
  }

  function fail(e) {
    say(e.status === 403 ? 'Not allowed for your role: ' + e.message : e.message, true);
  }

  const esc = (v) => v === null || v === undefined ? '' : String(v).replace(/[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const when = (t) => t ? new Date(t).toLocaleString() : '';
  const secs = (s) => s === null || s === undefined ? '' : s < 1 ? (s * 1000).toFixed(0) + ' ms'
    : s < 120 ? s.toFixed(1) + ' s' : s < 7200 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
  const num = (v) => v === null || v === undefined ? '' : Number(v).toLocaleString();

  function rows(tbody, items, render) {
    tbody.innerHTML = items.map(render).join('');
  }

  // ---- navigation
  function show(view) {
    document.querySelectorAll('.view').forEach((s) => { s.hidden = s.id !== 'view-' + view; });
    document.querySelectorAll('header nav button').forEach((b) => b.classList.toggle('active', b.dataset.view === view));
    say('');
    if (view === 'overview') loadKpis();
    if (view === 'exceptions') loadExceptions();
    if (view === 'reconciliation') loadRuns();
  }
  document.querySelectorAll('header nav button').forEach((b) => b.addEventListener('click', () => {
    location.hash = b.dataset.view;
  }));
  window.addEventListener('hashchange', route);
  function route() {
    const [view, arg] = (location.hash.replace('#', '') || 'overview').split('/');
    show(view);
    if (view === 'order' && arg) { $('#order-input').value = decodeURIComponent(arg); trace(); }
  }

  // ---- overview
  async function loadKpis() {
    try {
      const k = await api('GET', '/api/kpis?hours=' + $('#kpi-hours').value + '&points=24');
      const outcomes = {};
      k.outcomes.forEach((o) => { outcomes[o.status] = (outcomes[o.status] || 0) + o.count; });
      const open = k.openExceptions.reduce((a, o) => a + o.open, 0);
      const oldest = k.openExceptions.reduce((a, o) => Math.max(a, o.oldestAgeSeconds), 0);
      const all = k.latency.reduce((a, l) => a + l.count, 0);
      const p95 = k.latency.reduce((a, l) => Math.max(a, l.p95Seconds), 0);
      const mismatches = k.reconciliation.reduce((a, r) => a + r.mismatches, 0);
      const notFlowing = k.intake.filter((i) => i.state !== 'FLOWING');
      $('#kpi-tiles').innerHTML = [
        ['Plant intake', notFlowing.length ? notFlowing.map((i) => i.plant + ' ' + i.state.toLowerCase()
          + (i.file ? ' on ' + i.file + ' for ' + secs(i.seconds) : '')).join('; ') : 'all flowing', 'kpi-intake'],
        ['Booked', num(outcomes.POSTED || 0), 'kpi-posted'],
        ['In flight', num((outcomes.QUEUED || 0) + (outcomes.VALIDATED || 0)), 'kpi-inflight'],
        ['Held behind an exception', num(outcomes.HELD || 0), 'kpi-held'],
        // on an edge hub: queued for the central hub, which books them
        ...(outcomes.FORWARDED ? [['Forwarded to the centre', num(outcomes.FORWARDED), 'kpi-forwarded']] : []),
        ['Open exceptions', num(open), 'kpi-open'],
        ['Oldest open exception', open ? secs(oldest) : '–', 'kpi-oldest'],
        ['Worst p95 latency', all ? secs(p95) : '–', 'kpi-p95'],
        ['Time to recover (avg)', k.recovery.count ? secs(k.recovery.averageSeconds) : '–', 'kpi-recovery'],
        ['No manual touch', (k.touchless.share * 100).toFixed(1) + ' %', 'kpi-touchless'],
        ['Reconciliation mismatches', num(mismatches), 'kpi-mismatches'],
      ].map(([label, value, id]) => `<div class="tile${id === 'kpi-intake' && notFlowing.length ? ' bad' : ''}" id="${id}"><div class="value">${esc(value)}</div><div class="label">${label}</div></div>`).join('');
      chart(k.latencySeries);
      rows($('#latency-table tbody'), k.latency, (l) => `<tr><td>${esc(l.flow)}</td><td>${esc(l.plant)}</td><td>${num(l.count)}</td>
        <td>${secs(l.p50Seconds)}</td><td>${secs(l.p95Seconds)}</td><td>${secs(l.p99Seconds)}</td></tr>`);
      const byPlant = {};
      k.openExceptions.forEach((o) => { byPlant[o.plant] = (byPlant[o.plant] || 0) + o.open; });
      const max = Math.max(1, ...Object.values(byPlant));
      $('#exceptions-by-plant').innerHTML = Object.keys(byPlant).length ? Object.entries(byPlant).map(([p, n]) =>
        `<div class="bar"><span class="name">${esc(p)}</span><span class="fill" style="width:${Math.max(4, 240 * n / max)}px"></span><span>${n}</span></div>`).join('')
        : '<p class="ok">No open exceptions.</p>';
      rows($('#recon-latest tbody'), k.reconciliation, (r) => `<tr><td>${esc(r.plant)}</td><td>${esc(r.shift)}</td>
        <td>${when(r.finishedAt)}</td><td class="status-${esc(r.status)}">${esc(r.status)}</td><td class="${r.mismatches ? 'bad' : 'ok'}">${r.mismatches}</td></tr>`);
    } catch (e) { fail(e); }
  }

  function chart(series) {
    const w = 640, h = 200, pad = 36;
    const max = Math.max(0.001, ...series.map((p) => p.p95Seconds));
    const x = (i) => pad + (w - pad - 8) * (series.length <= 1 ? 0 : i / (series.length - 1));
    const y = (v) => h - pad + 8 - (h - pad) * v / max;
    const line = (key) => series.map((p, i) => p.count ? `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}` : null)
      .filter(Boolean).join(' ');
    const ticks = [0, 0.5, 1].map((f) => `<text x="2" y="${y(max * f) + 4}">${secs(max * f)}</text>`).join('');
    const labels = series.filter((p, i) => i % Math.ceil(series.length / 6) === 0).map((p) =>
      `<text x="${x(series.indexOf(p))}" y="${h - 4}">${new Date(p.from).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</text>`).join('');
    $('#latency-chart').innerHTML = `<svg id="latency-svg" viewBox="0 0 ${w} ${h}" width="100%" role="img" aria-label="latency over time">
      <line x1="${pad}" y1="${h - pad + 8}" x2="${w}" y2="${h - pad + 8}" stroke="#ccc"/>${ticks}${labels}
      <polyline points="${line('p95Seconds')}" fill="none" stroke="#c0392b" stroke-width="2"/>
      <polyline points="${line('p50Seconds')}" fill="none" stroke="#0b6bcb" stroke-width="2"/>
      ${series.map((p, i) => p.count ? `<circle cx="${x(i)}" cy="${y(p.p95Seconds)}" r="3" fill="#c0392b"><title>${p.count} events, p95 ${secs(p.p95Seconds)}</title></circle>
        <circle cx="${x(i)}" cy="${y(p.p50Seconds)}" r="3" fill="#0b6bcb"><title>p50 ${secs(p.p50Seconds)}</title></circle>` : '').join('')}
      <text x="${w - 120}" y="14" style="fill:#0b6bcb">p50</text><text x="${w - 80}" y="14" style="fill:#c0392b">p95</text></svg>`;
  }

  // ---- exceptions
  async function loadExceptions() {
    const q = new URLSearchParams({ status: $('#ex-status').value, page: state.exPage, size: 25 });
    ['plant', 'flow', 'order'].forEach((f) => { const v = $('#ex-' + f).value.trim(); if (v) q.set(f, v); });
    try {
      const page = await api('GET', '/api/exceptions?' + q);
      rows($('#exception-list tbody'), page.items, (x) => `<tr class="clickable" data-exception-id="${x.id}">
        <td>${x.id}</td><td>${when(x.createdAt)}</td><td>${esc(x.plant)}</td><td>${esc(x.flow)}</td>
        <td><a href="#order/${encodeURIComponent(x.orderNo || '')}">${esc(x.orderNo)}</a></td><td>${esc(x.origin)}</td>
        <td>${esc(x.reason)}</td><td class="status-${esc(x.status)}">${esc(x.status)}</td></tr>`);
      document.querySelectorAll('#exception-list tr[data-exception-id]').forEach((tr) =>
        tr.addEventListener('click', (ev) => { if (ev.target.tagName !== 'A') openException(tr.dataset.exceptionId); }));
      const pages = Math.max(1, Math.ceil(page.total / page.size));
      $('#ex-pager').innerHTML = `<button id="ex-prev" ${state.exPage ? '' : 'disabled'}>‹</button>
        page ${state.exPage + 1} of ${pages} (${page.total}) <button id="ex-next" ${state.exPage + 1 < pages ? '' : 'disabled'}>›</button>`;
      $('#ex-prev').onclick = () => { state.exPage--; loadExceptions(); };
      $('#ex-next').onclick = () => { state.exPage++; loadExceptions(); };
    } catch (e) { fail(e); }
  }

  async function openException(id) {
    try {
      const d = await api('GET', '/api/exceptions/' + id);
      const x = d.exception;
      state.exceptionId = x.id;
      $('#exception-detail').hidden = false;
      document.querySelectorAll('#exception-list tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.exceptionId == id));
      $('#exd-id').textContent = '#' + x.id;
      const facts = [['Status', x.status], ['Origin', x.origin], ['Flow', x.flow], ['Plant', x.plant], ['Order', x.orderNo],
        ['Event', x.eventId], ['Source', x.source], ['Reason', x.reason], ['Attempts', x.attempts],
        ['Dead-letter queue', x.deadLetterQueue], ['Created', when(x.createdAt)], ['Resolved', x.resolvedAt ? when(x.resolvedAt) + ' by ' + x.resolvedBy : '']];
      $('#exd-facts').innerHTML = facts.filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => `<dt>${k}</dt><dd>${esc(v)}</dd>`).join('') + (x.detail ? `<dt>Detail</dt><dd><pre>${esc(x.detail)}</pre></dd>` : '');
      let payload = x.payload || '';
      try { payload = payload ? JSON.stringify(JSON.parse(payload), null, 2) : ''; } catch (e) { /* as is */ }
      $('#exd-payload').value = payload;
      loadedPayload = payload;
      const allowed = x.actionsAllowed || [];
      const operator = state.roles.includes('ROLE_operator');
      $('#exd-fix').disabled = !operator || !allowed.includes('fix');
      $('#exd-replay').disabled = !operator || !allowed.includes('replay');
      $('#exd-discard').disabled = !operator || !allowed.includes('discard');
      $('#exd-violations').textContent = '';
      rows($('#exd-history tbody'), d.actions, (a) => `<tr><td>${when(a.at)}</td><td>${esc(a.action)}</td><td>${esc(a.actor)}</td>
        <td>${esc(a.reason)}</td><td>${esc(a.outcome)}</td></tr>`);
    } catch (e) { fail(e); }
  }

  async function exceptionAction(action) {
    const id = state.exceptionId;
    $('#exd-violations').textContent = '';
    try {
      if (action === 'fix' || (action === 'replay' && $('#exd-payload').value.trim() && changedPayload())) {
        await api('PUT', `/api/exceptions/${id}/payload`, $('#exd-payload').value);
      }
      if (action === 'replay') {
        const r = await api('POST', `/api/exceptions/${id}/replay`);
        say(`Exception #${id} replayed: ${r.detail}`);
      } else if (action === 'discard') {
        await api('POST', `/api/exceptions/${id}/discard`, { reason: $('#exd-reason').value });
        say(`Exception #${id} discarded.`);
      } else {
        say(`Payload of exception #${id} saved; replay it to send it.`);
      }
      await loadExceptions();
      await openException(id);
    } catch (e) {
      if (e.body && e.body.violations) $('#exd-violations').textContent = e.body.violations.join('\n');
      fail(e);
    }
  }
  let loadedPayload = '';
  function changedPayload() { return $('#exd-payload').value !== loadedPayload; }
  $('#exd-fix').onclick = () => exceptionAction('fix');
  $('#exd-replay').onclick = () => exceptionAction('replay');
  $('#exd-discard').onclick = () => exceptionAction('discard');
  $('#ex-search').onclick = () => { state.exPage = 0; loadExceptions(); };
  $('#ex-replay-order').onclick = async () => {
    const order = $('#ex-order').value.trim();
    if (!order) { say('Enter the order in the filter first.', true); return; }
    try {
      const results = await api('POST', `/api/orders/${encodeURIComponent(order)}/replay`);
      say(`Order ${order}: ` + (results.map((r) => `#${r.id} ${r.outcome}`).join(', ') || 'no open exceptions'));
      loadExceptions();
    } catch (e) { fail(e); }
  };

  // ---- order trace
  async function trace() {
    const order = $('#order-input').value.trim();
    if (!order) return;
    try {
      const t = await api('GET', '/api/orders/' + encodeURIComponent(order) + '/trace');
      const open = t.exceptions.filter((x) => x.status === 'OPEN').length;
      $('#order-summary').innerHTML = `<p>Order <b id="trace-order">${esc(t.order)}</b>: ${t.events.length} events,
        ${t.exceptions.length} exceptions (${open} open).</p>`;
      rows($('#order-events tbody'), t.events, (e) => `<tr data-event-id="${esc(e.eventId)}"><td>${when(e.eventTime)}</td>
        <td>${esc(e.flow)}</td><td>${esc(e.plant)}</td><td class="status-${esc(e.status)}">${esc(e.status)}</td>
        <td>${esc(e.erpDocument)}</td><td>${e.latencyMillis === null ? '' : secs(e.latencyMillis / 1000)}</td>
        <td>${e.attempts}</td><td>${esc(e.lastError)}</td></tr>`);
      rows($('#timeline tbody'), t.timeline, (s) => `<tr class="step"><td>${when(s.at)}</td><td>${esc(s.flow)}</td>
        <td>${esc(s.step)}</td><td>${esc(s.detail)}</td><td>${esc(s.instance)}</td></tr>`);
    } catch (e) {
      $('#order-summary').innerHTML = '';
      rows($('#order-events tbody'), [], () => '');
      rows($('#timeline tbody'), [], () => '');
      if (e.status === 404) say('The hub has nothing for order ' + order + '.', true); else fail(e);
    }
  }
  $('#order-search').onclick = () => { location.hash = 'order/' + encodeURIComponent($('#order-input').value.trim()); };
  $('#order-input').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') $('#order-search').click(); });

  // ---- reconciliation
  async function loadRuns() {
    try {
      const runs = await api('GET', '/api/reconciliation?size=50');
      rows($('#recon-runs tbody'), runs, (r) => `<tr class="clickable" data-run-id="${r.id}"><td>${r.id}</td><td>${esc(r.plant)}</td>
        <td>${esc(r.shift ? r.shift + ' ' + r.shiftDate : 'on demand')}</td><td>${when(r.from)} – ${when(r.to)}</td>
        <td>${esc(r.triggeredBy)}</td><td class="status-${esc(r.status)}">${esc(r.status)}${r.error ? ': ' + esc(r.error) : ''}</td>
        <td>${r.events}</td><td>${r.erpRecords}</td><td class="${r.mismatches ? 'bad' : 'ok'}">${r.mismatches}</td></tr>`);
      document.querySelectorAll('#recon-runs tr[data-run-id]').forEach((tr) => tr.addEventListener('click', () => openRun(tr.dataset.runId)));
    } catch (e) { fail(e); }
  }

  async function openRun(id) {
    try {
      const r = await api('GET', '/api/reconciliation/' + id);
      $('#recon-report').hidden = false;
      $('#rr-id').textContent = '#' + id + ' · ' + r.run.plant;
      rows($('#rr-mismatches tbody'), r.mismatches, (m) => `<tr><td>${esc(m.order)}</td><td>${esc(m.material)}</td>
        <td>${esc(m.measure)}</td><td class="bad">${esc(m.cause)}</td><td>${num(m.reported)}</td><td>${num(m.booked)}</td><td>${esc(m.detail)}</td></tr>`);
      rows($('#rr-totals tbody'), r.totals, (t) => `<tr><td>${esc(t.order)}</td><td>${esc(t.material)}</td><td>${esc(t.measure)}</td>
        <td>${esc(t.unit)}</td><td>${num(t.reported)}</td><td>${num(t.booked)}</td><td class="${t.matches ? 'ok' : 'bad'}">${t.matches ? '✓' : '≠'}</td></tr>`);
    } catch (e) { fail(e); }
  }

  $('#rc-run').onclick = async () => {
    try {
      const r = await api('POST', '/api/reconciliation', { plant: $('#rc-plant').value.trim(), shift: $('#rc-shift').value.trim(),
        date: $('#rc-date').value });
      say(`Reconciliation #${r.run.id}: ${r.run.status}, ${r.run.mismatches} mismatches.`);
      await loadRuns();
      openRun(r.run.id);
    } catch (e) { fail(e); }
  };

  // ---- mapping preview: a sample through a plant's mapping, nothing queued
  $('#pv-run').onclick = async () => {
    const file = $('#pv-file').files[0];
    const plant = $('#pv-plant').value.trim();
    if (!plant || !file) { say('Choose a plant and a file.', true); return; }
    const name = $('#pv-name').value.trim() || file.name;
    try {
      const res = await fetch('/api/plants/' + encodeURIComponent(plant) + '/preview?name=' + encodeURIComponent(name), {
        method: 'POST', credentials: 'same-origin',
        headers: { Accept: 'application/json', 'X-XSRF-TOKEN': csrf(), 'Content-Type': 'application/octet-stream' },
        body: await file.arrayBuffer() });
      const r = await res.json();
      if (!res.ok) { say(res.status === 403 ? 'Not allowed for your role.' : (r.error || res.statusText), true); return; }
      $('#pv-summary').textContent = `${r.mapping}: ${r.records} records, ${r.events.length} events, ${r.refused.length} refusals.`;
      rows($('#pv-refused tbody'), r.refused, (x) => `<tr><td>${esc(x.location)}</td><td>${esc(x.field)}</td>`
        + `<td>${esc(x.value)}</td><td>${esc(x.reason)}</td></tr>`);
      rows($('#pv-events tbody'), r.events, (x) => `<tr><td>${esc(x.location)}</td><td>${esc(x.flow)}</td>`
        + `<td>${esc(x.event.subject)}</td><td><pre>${esc(JSON.stringify(x.event.data, null, 1))}</pre></td></tr>`);
      say('');
    } catch (e) { fail(e); }
  };

  $('#kpi-refresh').onclick = loadKpis;
  $('#kpi-hours').onchange = loadKpis;

  // ---- start
  api('GET', '/api/me').then((me) => {
    state.roles = me.roles;
    $('#user').textContent = me.name + ' (' + me.roles.map((r) => r.replace('ROLE_', '')).join(', ') + ')';
    document.querySelectorAll('button.operator').forEach((b) => { if (!state.roles.includes('ROLE_operator')) b.disabled = true; });
    const form = $('#logout-form');
    const input = document.createElement('input');
    input.type = 'hidden'; input.name = '_csrf'; input.value = csrf();
    form.appendChild(input);
    route();
  }).catch(fail);
})();
