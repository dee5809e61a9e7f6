// Meridian console pages: Overview, Policies, Staging, Moves, SQL (the namespace browser is in files.js).
'use strict';
(function (M) {
  const $ = (sel, root = document) => root.querySelector(sel);
  const COLORS = ['#1f5fbf', '#b42318', '#1a7f37', '#9a6700', '#6639ba', '#0e7490'];

  // ---- Overview ---------------------------------------------------------------------------
  function siloCard(s) {
    const used = s.capacity > 0 ? s.used / s.capacity : 0;
    const pct = (x) => Math.min(100, Math.max(0, x * 100)).toFixed(1) + '%';
    return `<section class="card silo" data-silo="${M.esc(s.id)}" aria-label="silo ${M.esc(s.id)}">
      <h3><span>${M.esc(s.id)}</span> ${M.badge(s.state)}</h3>
      <div class="muted">${M.esc(s.kind)} · tier <b>${M.esc(s.tier)}</b> · mounted at <code>${M.esc(s.mount)}</code></div>
      <div class="bar" role="meter" aria-label="${M.esc(s.id)} used" aria-valuemin="0" aria-valuemax="${s.capacity}" aria-valuenow="${s.used}"
        aria-valuetext="${M.bytes(s.used)} of ${M.bytes(s.capacity)}">
        <div class="fill ${used >= s.highWatermark ? 'high' : ''}" data-w="${pct(used)}"></div>
        <div class="mark" data-l="${pct(s.highWatermark)}" title="high watermark ${pct(s.highWatermark)}"></div>
        <div class="mark low" data-l="${pct(s.lowWatermark)}" title="low watermark ${pct(s.lowWatermark)}"></div>
      </div>
      <div class="muted"><span class="files" data-files="${s.files}">${s.files} files</span> · ${M.bytes(s.used)} of ${M.bytes(s.capacity)}
        (${pct(used)}; watermarks ${pct(s.lowWatermark)}–${pct(s.highWatermark)})</div>
    </section>`;
  }

  function chart(t) {
    const w = 600; const h = 130; const n = t.minutes;
    const max = Math.max(1, ...t.pairs.flatMap((p) => p.bytesPerMinute));
    const x = (i) => 30 + (i * (w - 40)) / (n - 1);
    const y = (v) => h - 15 - (v / max) * (h - 25);
    const lines = t.pairs.map((p, k) => `<polyline fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2"
      points="${p.bytesPerMinute.map((v, i) => x(i) + ',' + y(v)).join(' ')}"/>`).join('');
    const label = `peak ${M.bytes(max / 60)}/s`;
    const summary = t.pairs.length === 0 ? 'no copies finished in the last 15 minutes'
      : t.pairs.map((p) => `${p.source} → ${p.target}: ${M.bytes(p.bytesPerMinute.reduce((a, b) => a + b, 0))}`).join('; ');
    return `<div class="chart"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="Move throughput, last 15 minutes: ${M.esc(summary)}">
        <line x1="30" y1="${h - 15}" x2="${w - 10}" y2="${h - 15}" stroke="#8a94a3"/>
        <text x="32" y="12" font-size="11" fill="#4a5360">${M.esc(label)}</text>
        <text x="30" y="${h - 2}" font-size="10" fill="#4a5360">-15 min</text>
        <text x="${w - 40}" y="${h - 2}" font-size="10" fill="#4a5360">now</text>${lines}</svg>
      <div class="legend">${t.pairs.map((p, k) => `<span><i data-c="${COLORS[k % COLORS.length]}"></i>${M.esc(p.source)} → ${M.esc(p.target)}
        ${M.bytes(p.bytesPerMinute.reduce((a, b) => a + b, 0) / (n * 60))}/s avg</span>`).join('') || '<span class="muted">no copies in the last 15 minutes</span>'}</div></div>`;
  }

  const stat = (value, label, id) => `<div class="stat" ${id ? `id="${id}"` : ''}><b>${M.esc(value)}</b><span>${M.esc(label)}</span></div>`;

  M.pages.overview = {
    render(el) { el.innerHTML = '<h1>Overview</h1><div id="ov" aria-busy="true">loading…</div>'; },
    async refresh() {
      const o = await M.api('GET', '/v1/overview');
      const el = $('#ov');
      if (!el) return;
      const staging = Object.keys(o.staging).length === 0 ? '<span class="muted">no staging requests</span>'
        : Object.entries(o.staging).map(([k, v]) => stat(v, k)).join('');
      el.removeAttribute('aria-busy');
      M.render(el, `
        <div class="stats">${stat(o.files, 'files in the namespace', 'stat-files')}${stat(o.moves.inFlight, 'moves in flight')}
          ${stat(o.moves.succeededLastHour, 'moves done, last hour')}${stat(o.moves.failedLastHour, 'moves failed, last hour')}
          ${stat(o.moves.failingFiles, 'files whose last move failed')}${stat(o.moves.stuck, 'stuck files (see Moves)', 'stat-stuck')}
          ${stat(o.deadLetters.lastHour, 'dead letters, last hour')}</div>
        <h2 class="section">Sites and silos</h2>
        <div class="grid">${o.sites.map((s) => `<section class="site" aria-label="site ${M.esc(s.site)}"><h3>Site ${M.esc(s.site)}</h3>
          ${s.silos.map(siloCard).join('')}</section>`).join('')}</div>
        <div class="grid wide">
          <section class="card"><h2>Move throughput (15 min)</h2>${chart(o.throughput)}</section>
          <section class="card"><h2>Staging requests by state</h2><div class="stats">${staging}</div>
            <h2 class="section">Recent dead letters</h2>
            ${o.deadLetters.recent.length === 0 ? '<p class="muted">none</p>' : '<ul>' + o.deadLetters.recent.map((d) =>
              `<li><span class="muted">${M.time(d.timestamp)} ${M.esc(d.stage)} ${M.esc(d.topic)}</span> ${M.esc(d.reason)}</li>`).join('') + '</ul>'}
          </section>
        </div>`);
      el.querySelectorAll('[data-c]').forEach((i) => { i.style.background = i.dataset.c; });
    },
  };

  // ---- Policies ---------------------------------------------------------------------------
  const EXAMPLE = `policies:
  - name: eval-on-nvme
    when: "tags.stage == 'eval'"
    place: { site: gpu-east, tier: nvme }
    copies: 1
    priority: 5
`;
  M.pages.policies = {
    render(el) {
      el.innerHTML = `<h1>Policies</h1>
        <section class="card"><h2>Objectives and compliance</h2>
          <p class="muted">Governed: files this policy decides for (the matching policy of highest priority). Aligned: enough present copies
            where it places them; in flight: a move is under way; stuck: placement gave up after every attempt failed (retry them on the
            Moves page); misaligned: none of these (see <code>meridian explain PATH</code>).</p>
          <div id="pol-table">loading…</div></section>
        <section class="card"><h2>Apply policies</h2>
          <form id="pol-form">
            <label for="pol-yaml">Policy file (YAML or JSON, the shape of <code>policies:</code> in meridian.yaml)</label>
            <textarea id="pol-yaml" spellcheck="false">${M.esc(EXAMPLE)}</textarea>
            <div class="row"><button type="submit" data-change>Apply</button></div>
            <p id="pol-error" class="error" role="alert"></p>
          </form></section>`;
      $('#pol-form').addEventListener('submit', async (ev) => {
        ev.preventDefault();
        $('#pol-error').textContent = '';
        try {
          const r = await M.api('POST', '/v1/policies', $('#pol-yaml').value, { headers: { 'Content-Type': 'application/yaml' } });
          M.say('applied ' + r.applied.join(', '));
        } catch (e) { $('#pol-error').textContent = e.message; }
      });
      el.addEventListener('click', async (ev) => {
        const b = ev.target.closest('button[data-delete]');
        if (!b || !confirm('Delete policy ' + b.dataset.delete + '? Copies it made stay until another rule removes them.')) return;
        try { await M.api('DELETE', '/v1/policies/' + encodeURIComponent(b.dataset.delete)); M.say('deleted ' + b.dataset.delete); } catch (e) { M.say(e.message, true); }
      });
    },
    async refresh() {
      const list = await M.api('GET', '/v1/compliance');
      const el = $('#pol-table');
      if (!el) return;
      const place = (p) => Object.entries(p).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
      M.render(el, list.length === 0 ? '<p class="muted">no policies published</p>' : `<table><thead><tr>
        <th scope="col">name</th><th scope="col">when</th><th scope="col">place</th><th scope="col" class="num">copies</th>
        <th scope="col" class="num">priority</th><th scope="col" class="num">matching</th><th scope="col" class="num">governed</th>
        <th scope="col" class="num">aligned</th><th scope="col" class="num">in flight</th><th scope="col" class="num">stuck</th><th scope="col" class="num">misaligned</th><th scope="col"><span class="sr">actions</span></th></tr></thead><tbody>
        ${list.map((p) => `<tr data-policy="${M.esc(p.name)}"><td>${M.esc(p.name)}${p.exclusive ? ' <span class="badge">exclusive</span>' : ''}</td>
          <td><code title="${M.esc(p.when)}">${M.esc(p.when)}</code></td><td>${M.esc(place(p.place))}</td><td class="num">${p.copies}</td>
          <td class="num">${p.priority}</td><td class="num" data-k="matching">${p.matching}</td><td class="num" data-k="governed">${p.governed}</td>
          <td class="num" data-k="aligned">${p.aligned}</td><td class="num" data-k="inFlight">${p.inFlight}</td>
          <td class="num" data-k="stuck">${p.stuck}</td>
          <td class="num" data-k="misaligned">${p.misaligned}</td>
          <td><button type="button" class="secondary" data-change data-delete="${M.esc(p.name)}" aria-label="delete policy ${M.esc(p.name)}">Delete</button></td></tr>`).join('')}
        </tbody></table>`);
    },
  };

  // ---- Staging ----------------------------------------------------------------------------
  function eta(r) {
    if (r.state === 'ready') return 'ready';
    if (r.eta_ms == null) return 'unknown';
    const done = Date.parse(r.updated_at) + Number(r.eta_ms);
    const slack = r.deadline ? Date.parse(r.deadline) - done : null;
    return `${M.time(done)}${slack == null ? '' : slack >= 0 ? ` <span class="ok">(${Math.round(slack / 60000)} min before deadline)</span>`
      : ` <span class="error">(${Math.round(-slack / 60000)} min late)</span>`}`;
  }
  M.pages.staging = {
    render(el) {
      el.innerHTML = `<h1>Staging</h1>
        <section class="card"><h2>Requests</h2><div id="st-table">loading…</div></section>
        <section class="card"><h2>New staging request</h2>
          <form id="st-form" class="row">
            <div><label for="st-job">Job</label><input id="st-job" required placeholder="job-42"></div>
            <div><label for="st-site">Site</label><input id="st-site" required placeholder="gpu-east"></div>
            <div><label for="st-prefixes">Prefixes (comma-separated)</label><input id="st-prefixes" placeholder="/datasets/train/"></div>
            <div><label for="st-tags">Tags (k=v, comma-separated)</label><input id="st-tags" placeholder="stage=training"></div>
            <div><label for="st-tier">Tier</label><select id="st-tier"><option value="">any</option><option>nvme</option><option>performance</option><option>capacity</option><option>archive</option></select></div>
            <div><label for="st-deadline">Deadline (instant or duration)</label><input id="st-deadline" value="30m" required></div>
            <div><label for="st-pin">Pin until</label><input id="st-pin" value="12h" required></div>
            <div><button type="submit" data-change>Create</button></div>
          </form><p id="st-error" class="error" role="alert"></p>
          <p class="muted">Cancel releases a request: its pins end at once and its copies return to normal policy
            (<code>DELETE /v1/staging/{id}</code>, a tombstone on <code>meridian.staging-requests</code>).</p></section>`;
      $('#st-form').addEventListener('submit', async (ev) => {
        ev.preventDefault();
        $('#st-error').textContent = '';
        const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
        const tags = {};
        list($('#st-tags').value).forEach((kv) => { const i = kv.indexOf('='); tags[kv.slice(0, i)] = kv.slice(i + 1); });
        const body = { job: $('#st-job').value.trim(), site: $('#st-site').value.trim(), prefixes: list($('#st-prefixes').value), tags,
          deadline: $('#st-deadline').value.trim(), pinUntil: $('#st-pin').value.trim() };
        if ($('#st-tier').value) body.tier = $('#st-tier').value;
        try {
          const r = await M.api('POST', '/v1/staging', body);
          M.say('staging request ' + r.requestId + ' published');
          ev.target.reset();
        } catch (e) { $('#st-error').textContent = e.message; }
      });
      el.addEventListener('click', async (ev) => {
        const b = ev.target.closest('button[data-release]');
        if (!b || !confirm('Cancel staging request ' + b.dataset.release + '? Its pins end now.')) return;
        try { await M.api('DELETE', '/v1/staging/' + encodeURIComponent(b.dataset.release)); M.say('released ' + b.dataset.release); } catch (e) { M.say(e.message, true); }
      });
    },
    async refresh() {
      const r = await M.sql(`SELECT request_id, job_id, site, state, files_ready, files_total, bytes_ready, bytes_total, eta_ms, deadline,
        pin_until, prefixes, reason, updated_at FROM staging ORDER BY updated_at DESC`);
      const el = $('#st-table');
      if (!el) return;
      const rows = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
      M.render(el, rows.length === 0 ? '<p class="muted">no staging requests</p>' : `<table><thead><tr><th scope="col">request</th><th scope="col">job</th>
        <th scope="col">site</th><th scope="col">state</th><th scope="col">files</th><th scope="col">bytes</th><th scope="col">ETA</th>
        <th scope="col">deadline</th><th scope="col">pinned until</th><th scope="col">selects</th><th scope="col">reason</th>
        <th scope="col"><span class="sr">actions</span></th></tr></thead><tbody>
        ${rows.map((s) => `<tr data-request="${M.esc(s.request_id)}"><td>${M.esc(s.request_id)}</td><td>${M.esc(s.job_id)}</td><td>${M.esc(s.site)}</td>
          <td data-k="state">${s.site == null ? M.badge('released') : M.badge(s.state)}</td>
          <td><progress class="progress" max="${s.files_total || 1}" value="${s.files_ready}" aria-label="files ready"></progress> ${s.files_ready}/${s.files_total}</td>
          <td>${M.bytes(s.bytes_ready)} / ${M.bytes(s.bytes_total)}</td><td>${eta(s)}</td><td>${M.time(s.deadline)}</td><td>${M.time(s.pin_until)}</td>
          <td><code>${M.esc(s.prefixes)}</code></td><td title="${M.esc(s.reason)}">${M.esc(s.reason)}</td>
          <td>${s.site == null ? '' : `<button type="button" class="secondary" data-change data-release="${M.esc(s.request_id)}"
            aria-label="cancel staging request ${M.esc(s.request_id)}">Cancel</button>`}</td></tr>`).join('')}</tbody></table>`);
    },
  };

  // ---- Moves ------------------------------------------------------------------------------
  let movesTable = null;
  function stuckTable(stuck) {
    if (stuck.length === 0) return '<p class="muted" id="mv-stuck-none">nothing is stuck</p>';
    return `<table id="mv-stuck-table"><thead><tr><th scope="col">path</th><th scope="col" class="num">attempts</th><th scope="col">since</th>
      <th scope="col">reason</th><th scope="col"><button type="button" class="secondary" data-change data-retry="*"
      aria-label="retry every stuck file">Retry all</button></th></tr></thead><tbody>
      ${stuck.map((f) => `<tr data-stuck="${M.esc(f.path)}"><td><a href="${M.fileHref(f.path)}">${M.esc(f.path)}</a></td>
        <td class="num">${f.attempts}</td><td>${M.time(f.since)}</td><td class="error" title="${M.esc(f.reason)}">${M.esc(f.reason)}</td>
        <td><button type="button" class="secondary" data-change data-retry="${M.esc(f.path)}" aria-label="retry ${M.esc(f.path)}">Retry</button></td></tr>`).join('')}
      </tbody></table>`;
  }
  M.pages.moves = {
    render(el) {
      el.innerHTML = `<h1>Moves</h1>
        <section class="card"><h2>Stuck files</h2>
          <p class="muted">Files placement gave up on after every attempt of their move failed. Fix the cause, then retry: placement plans
            them again at once (<code>POST /v1/stuck/retry</code>, like <code>meridian stuck retry</code>).</p>
          <div id="mv-stuck">loading…</div></section>
        <section class="card"><h2>Commands and results</h2>
        <form id="mv-form" class="row" aria-label="Filter moves">
          <div><label for="mv-silo">Silo (source or target)</label><input id="mv-silo" placeholder="any"></div>
          <div><label for="mv-op">Operation</label><select id="mv-op"><option value="">any</option><option>copy</option><option>move</option><option>delete_instance</option></select></div>
          <div><label for="mv-status">Status</label><select id="mv-status"><option value="">any</option><option>pending</option><option>succeeded</option>
            <option>already_present</option><option>source_changed</option><option>failed</option></select></div>
          <div><label for="mv-path">Path starts with</label><input id="mv-path" placeholder="/datasets/"></div>
        </form><p id="mv-count" class="muted" aria-live="polite"></p><div id="mv-table"></div></section>`;
      movesTable = new M.VTable($('#mv-table'), [
        { label: 'issued', w: '12em', html: (r) => M.esc(M.time(r[0])) },
        { label: 'path', w: '24%', html: (r) => `<a href="${M.fileHref(r[1])}" title="${M.esc(r[1])}">${M.esc(r[1])}</a>` },
        { label: 'op', w: '6em' }, { label: 'source', w: '7em' }, { label: 'target', w: '7em' },
        { label: 'status', w: '9em', html: (r) => M.badge(r[5]) }, { label: 'bytes', w: '7em', num: true, html: (r) => M.bytes(r[6]) },
        { label: 'reason', html: (r) => `<span title="${M.esc(r[7])}">${M.esc(r[7])}</span>` },
        { label: 'error', html: (r) => `<span class="error" title="${M.esc(r[8])}">${M.esc(r[8])}</span>` },
      ], { caption: 'Recent move commands and their results, newest first' });
      $('#mv-form').addEventListener('input', () => M.refreshSoon());
      $('#mv-stuck').addEventListener('click', async (ev) => {
        const b = ev.target.closest('button[data-retry]');
        if (!b) return;
        const body = b.dataset.retry === '*' ? { all: true } : { path: b.dataset.retry };
        try {
          const r = await M.api('POST', '/v1/stuck/retry', body);
          M.say(r.retried.length ? 'retrying ' + r.retried.join(', ') : 'nothing is stuck');
        } catch (e) { M.say(e.message, true); }
      });
      $('#mv-form').addEventListener('submit', (ev) => ev.preventDefault());
    },
    async refresh() {
      const where = [];
      const silo = $('#mv-silo') && $('#mv-silo').value.trim();
      if (silo) where.push(`(source = ${M.lit(silo)} OR target = ${M.lit(silo)})`);
      if ($('#mv-op') && $('#mv-op').value) where.push(`op = ${M.lit($('#mv-op').value)}`);
      if ($('#mv-status') && $('#mv-status').value) where.push(`status = ${M.lit($('#mv-status').value)}`);
      const path = $('#mv-path') && $('#mv-path').value.trim();
      if (path) where.push(`path LIKE ${M.lit(path.replace(/[%_]/g, '') + '%')}`);
      const [r, stuck] = await Promise.all([M.sql(`SELECT issued_at, path, op, source, target, status, bytes, reason, error FROM moves
        ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY issued_at DESC LIMIT 10000`), M.api('GET', '/v1/stuck')]);
      if (!$('#mv-table')) return;
      M.render($('#mv-stuck'), stuckTable(stuck));
      $('#mv-count').textContent = `${r.rows.length} moves${r.truncated ? ' (first 10,000)' : ''}`;
      movesTable.set(r.rows);
    },
  };

  // ---- SQL --------------------------------------------------------------------------------
  let sqlTable = null; let pushAbort = null;
  function download(name, type, text) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type }));
    a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }
  function showResult(columns, rows, note) {
    sqlTable = new M.VTable($('#sql-result'), columns.map((c) => ({ label: c, html: null })), { caption: note });
    sqlTable.columns.forEach((c, i) => { c.html = (r) => M.esc(typeof r[i] === 'object' && r[i] !== null ? JSON.stringify(r[i]) : r[i]); });
    sqlTable.set(rows);
  }
  function sqlError(e) {
    const b = e.body || {};
    $('#sql-error').textContent = (b.line ? `line ${b.line}, column ${b.column}: ` : '') + e.message;
  }
  async function runSql(ev) {
    if (ev) ev.preventDefault();
    if (pushAbort) { pushAbort.abort(); pushAbort = null; }
    const sql = $('#sql-text').value;
    $('#sql-error').textContent = '';
    if (/\bEMIT\s+CHANGES\s*;?\s*$/i.test(sql)) return push(sql);
    try {
      const t0 = performance.now();
      const r = await M.sql(sql);
      showResult(r.columns, r.rows, `${r.rows.length} rows${r.truncated ? ' (truncated at 10,000)' : ''} in ${Math.round(performance.now() - t0)} ms`);
    } catch (e) { sqlError(e); }
  }
  async function push(sql) {
    const ctl = pushAbort = new AbortController();
    $('#sql-stop').hidden = false;
    const rows = [];
    try {
      const res = await M.api('POST', '/v1/query', { sql }, { raw: true, signal: ctl.signal });
      let timer = null;
      await M.readLines(res, (line) => {
        if (!line.trim()) return;
        const v = JSON.parse(line);
        if (!Array.isArray(v)) { showResult(v.columns, rows, 'push query: new and changed rows as they happen'); return; }
        rows.unshift(v);
        if (!timer) timer = setTimeout(() => { timer = null; sqlTable.set(rows); }, 100);
      });
    } catch (e) {
      if (!ctl.signal.aborted) sqlError(e);
    } finally { if ($('#sql-stop')) $('#sql-stop').hidden = true; }
  }
  async function fetchAs(format) {
    $('#sql-error').textContent = '';
    try {
      const text = await M.sql($('#sql-text').value, format);
      download('meridian-query.' + format, format === 'csv' ? 'text/csv' : 'application/json', typeof text === 'string' ? text : JSON.stringify(text));
    } catch (e) { sqlError(e); }
  }
  M.pages.sql = {
    render(el) {
      el.innerHTML = `<h1>SQL</h1><section class="card"><form id="sql-form">
        <label for="sql-text">Query (tables: files, instances, silos, moves, staging; add EMIT CHANGES for a push query; Ctrl+Enter runs)</label>
        <textarea id="sql-text" spellcheck="false">SELECT path, size, silos, tags FROM files ORDER BY path LIMIT 100</textarea>
        <div class="row"><button type="submit" id="sql-run">Run</button><button type="button" id="sql-stop" class="secondary" hidden>Stop push query</button>
          <button type="button" id="sql-csv" class="secondary">Download CSV</button><button type="button" id="sql-json" class="secondary">Download JSON</button></div>
        <p id="sql-error" class="error" role="alert"></p></form><div id="sql-result"></div></section>`;
      $('#sql-form').addEventListener('submit', runSql);
      $('#sql-text').addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) runSql(ev); });
      $('#sql-stop').addEventListener('click', () => { if (pushAbort) pushAbort.abort(); });
      $('#sql-csv').addEventListener('click', () => fetchAs('csv'));
      $('#sql-json').addEventListener('click', () => fetchAs('json'));
    },
    leave() { if (pushAbort) { pushAbort.abort(); pushAbort = null; } },
    // no refresh: a query runs when asked, and push queries are live by themselves
  };
}(window.Meridian));
