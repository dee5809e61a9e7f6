// Meridian console: the namespace browser (#/files/DIR/) and the file page (#/file/PATH).
'use strict';
(function (M) {
  const $ = (sel, root = document) => root.querySelector(sel);

  function crumbs(path) {
    const parts = path.split('/').filter(Boolean);
    let at = '/';
    const links = [`<a href="${M.dirHref('/')}">/</a>`];
    parts.forEach((p, i) => {
      at += p + (i < parts.length - 1 || path.endsWith('/') ? '/' : '');
      links.push(i === parts.length - 1 && !path.endsWith('/') ? `<span>${M.esc(p)}</span>` : `<a href="${M.dirHref(at)}">${M.esc(p)}/</a>`);
    });
    return `<nav class="crumbs" aria-label="Path">${links.join(' ')}</nav>`;
  }

  // ---- directory listing ------------------------------------------------------------------
  let table = null; let dir = '/';
  M.pages.files = {
    render(el, arg) {
      dir = (arg || '/').endsWith('/') ? (arg || '/') : arg + '/';
      el.innerHTML = `<h1>Namespace</h1>${crumbs(dir)}<p id="ls-count" class="muted" aria-live="polite"></p><div id="ls-table"></div>`;
      table = new M.VTable($('#ls-table'), [
        { label: 'name', html: (e) => {
          const name = e.path.slice(dir.length);
          return e.type === 'directory' ? `<a href="${M.dirHref(e.path)}">${M.esc(name)}</a>` : `<a href="${M.fileHref(e.path)}">${M.esc(name)}</a>`;
        } },
        { label: 'type', key: 'type' }, { label: 'size', num: true, html: (e) => M.bytes(e.size) },
        { label: 'modified', html: (e) => M.esc(M.time(e.mtime)) }, { label: 'state', html: (e) => (e.state ? M.badge(e.state) : '') },
        { label: 'silos', html: (e) => M.esc((e.silos || []).join(', ')) }, { label: 'tags', html: (e) => M.tags(e.tags) },
      ], { caption: 'Directories and files in ' + dir });
    },
    async refresh() {
      const r = await M.api('GET', '/v1/ls?limit=10000&path=' + encodeURIComponent(dir));
      if (!$('#ls-table')) return;
      $('#ls-count').textContent = `${r.entries.length} entries${r.truncated ? ' (first 10,000)' : ''}`;
      table.set(r.entries);
    },
  };

  // ---- file page --------------------------------------------------------------------------
  let file = null; let silos = {};
  function parents(path) {
    const out = [];
    let i = path.lastIndexOf('/');
    while (i > 0) { out.push(path.slice(0, i + 1)); i = path.lastIndexOf('/', i - 1); }
    return out;
  }
  async function preview() {
    const out = $('#fp-preview');
    try {
      const res = await M.api('GET', '/v1/files' + encodeURI(file) + '/content', undefined, { raw: true, headers: { Range: 'bytes=0-4095' } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
      const printable = [...bytes].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
      out.textContent = `${res.status === 206 ? res.headers.get('Content-Range') : bytes.length + ' bytes'} from silo ${res.headers.get('X-Meridian-Silo')}\n\n`
        + (printable ? text : [...bytes.slice(0, 512)].map((b) => b.toString(16).padStart(2, '0')).join(' ').replace(/((?:\S\S ){16})/g, '$1\n'));
    } catch (e) { out.textContent = e.message; }
  }
  async function download() {
    try {
      const res = await M.api('GET', '/v1/files' + encodeURI(file) + '/content', undefined, { raw: true });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(await res.blob());
      a.download = file.slice(file.lastIndexOf('/') + 1);
      document.body.appendChild(a); a.click(); a.remove();
    } catch (e) { M.say(e.message, true); }
  }
  /** The placement planner's reasoning for this file (GET /v1/explain/PATH, like meridian explain). */
  async function explain() {
    const out = $('#fp-explain');
    out.textContent = 'asking the planner…';
    try {
      const x = await M.api('GET', '/v1/explain' + encodeURI(file));
      const list = (a) => (a && a.length ? a.map(M.esc).join(', ') : 'none');
      out.innerHTML = `<dl class="facts"><dt>deciding policy</dt><dd>${M.esc(x.winner || 'none')}</dd>
          <dt>desired silos</dt><dd>${list(x.desired)}</dd><dt>actual silos</dt><dd>${list(x.actual)}</dd>
          <dt>next</dt><dd>${M.esc(x.next)}</dd><dt>pins</dt><dd>${list(x.pins)}</dd>
          <dt>in flight</dt><dd>${x.inFlight.length ? x.inFlight.map((c) => M.esc(`${c.op} ${c.source} → ${c.target || '-'} (${c.reason}, issued ${M.time(c.issuedAt)})`)).join('<br>') : 'none'}</dd>
          <dt>stuck</dt><dd>${x.stuck ? `<span class="error">${M.esc(x.stuck.reason)} (${x.stuck.attempts} attempts since ${M.time(x.stuck.since)})</span>` : 'no'}</dd></dl>
        <table><caption>Policies</caption><thead><tr><th scope="col">policy</th><th scope="col" class="num">priority</th><th scope="col">matches</th><th scope="col">detail</th></tr></thead>
          <tbody>${x.policies.map((p) => `<tr><td>${M.esc(p.name)}</td><td class="num">${p.priority}</td><td>${p.matched ? 'yes' : 'no'}</td><td>${M.esc(p.detail)}</td></tr>`).join('')}</tbody></table>
        <table id="fp-explain-silos"><caption>Silos considered</caption><thead><tr><th scope="col">silo</th><th scope="col">verdict</th><th scope="col">why</th></tr></thead>
          <tbody>${x.silos.map((v) => `<tr><td>${M.esc(v.silo)}</td><td>${v.chosen ? M.badge('chosen') : 'rejected'}</td><td title="${M.esc(v.reason)}">${M.esc(v.reason)}</td></tr>`).join('')}</tbody></table>`;
    } catch (e) { out.textContent = e.message; }
  }
  async function tag(body) {
    try {
      await M.api('POST', '/v1/tags', body);
      M.say(body.set ? `tag set on ${body.path}` : `tag removed from ${body.path}`);
      $('#fp-tag-error').textContent = '';
    } catch (e) { $('#fp-tag-error').textContent = e.message; }
  }
  M.pages.file = {
    render(el, arg) {
      file = arg;
      el.innerHTML = `<h1>File</h1>${crumbs(file)}<div id="fp">loading…</div>
        <div class="grid wide">
        <section class="card"><h2>Set a tag</h2><form id="fp-tag" class="row">
          <div><label for="fp-key">Key</label><input id="fp-key" required></div>
          <div><label for="fp-value">Value</label><input id="fp-value" required></div>
          <div><label for="fp-on">On</label><select id="fp-on"><option value="${M.esc(file)}">this file</option>
            ${parents(file).map((p) => `<option value="${M.esc(p)}">${M.esc(p)} (and everything below)</option>`).join('')}</select></div>
          <div><button type="submit" data-change>Set tag</button></div></form><p id="fp-tag-error" class="error" role="alert"></p></section>
        <section class="card"><h2>Why it is where it is</h2>
          <button type="button" id="fp-explain-btn" class="secondary">Explain placement</button>
          <div id="fp-explain" aria-live="polite"></div></section>
        <section class="card"><h2>Content</h2><div class="row"><button type="button" id="fp-preview-btn" class="secondary">Preview first 4 KiB</button>
          <button type="button" id="fp-download" class="secondary">Download</button></div><pre id="fp-preview" class="preview" aria-live="polite"></pre></section>
        </div>`;
      $('#fp-tag').addEventListener('submit', (ev) => {
        ev.preventDefault();
        tag({ path: $('#fp-on').value, set: { [$('#fp-key').value.trim()]: $('#fp-value').value.trim() } });
      });
      $('#fp-preview-btn').addEventListener('click', preview);
      $('#fp-explain-btn').addEventListener('click', explain);
      $('#fp-download').addEventListener('click', download);
      el.addEventListener('click', (ev) => {
        const b = ev.target.closest('button[data-untag]');
        if (b) tag({ path: b.dataset.on, remove: [b.dataset.untag] });
      });
    },
    async refresh() {
      const [record, overview] = await Promise.all([M.api('GET', '/v1/files' + encodeURI(file)).catch((e) => e), M.api('GET', '/v1/overview')]);
      overview.sites.forEach((s) => s.silos.forEach((x) => { silos[x.id] = Object.assign({ site: s.site }, x); }));
      const [moves, reads] = await Promise.all([
        M.sql(`SELECT issued_at, op, source, target, status, bytes, error FROM moves WHERE path = ${M.lit(file)} ORDER BY issued_at DESC LIMIT 20`),
        M.sql(`SELECT accessed_at, silo, bytes, reader FROM accesses WHERE path = ${M.lit(file)} ORDER BY accessed_at DESC LIMIT 20`)]);
      const el = $('#fp');
      if (!el) return;
      if (record instanceof Error) { $('#fp').innerHTML = `<p class="error">${M.esc(record.message)}</p>`; return; }
      const tags = record.tags || {};
      M.render(el, `<section class="card"><h2>${M.esc(record.path)}</h2><dl class="facts">
          <dt>type</dt><dd>${M.esc(record.fileType)}</dd><dt>owner</dt><dd>${M.esc(record.owner)}</dd>
          <dt>version</dt><dd>${record.version}</dd><dt>last changed</dt><dd>${M.time(record.updatedAt)}</dd>
          <dt>last read through Meridian</dt><dd>${record.lastAccess ? M.time(record.lastAccess) : 'never'}</dd>
          <dt>copies agree</dt><dd>${record.divergent ? '<span class="error">no: present copies differ</span>' : 'yes'}</dd></dl></section>
        <section class="card"><h2>Instances</h2><table id="fp-instances"><thead><tr><th scope="col">silo</th><th scope="col">site</th><th scope="col">tier</th>
          <th scope="col">state</th><th scope="col" class="num">size</th><th scope="col">CRC32C</th><th scope="col">modified</th></tr></thead><tbody>
          ${record.instances.map((i) => `<tr data-instance="${M.esc(i.silo)}"><td>${M.esc(i.silo)}</td><td>${M.esc((silos[i.silo] || {}).site)}</td>
            <td>${M.esc((silos[i.silo] || {}).tier)}</td><td>${M.badge(String(i.state).toLowerCase())}</td><td class="num">${M.bytes(i.size)}</td>
            <td class="mono">${i.crc32c == null ? '' : Number(i.crc32c).toString(16).padStart(8, '0')}</td><td>${M.time(i.mtime)}</td></tr>`).join('')}</tbody></table></section>
        <div class="grid wide"><section class="card"><h2>Tags</h2><table id="fp-tags"><thead><tr><th scope="col">key</th><th scope="col">value</th><th scope="col">from</th>
          <th scope="col">set by</th><th scope="col"><span class="sr">actions</span></th></tr></thead><tbody>
          ${Object.keys(tags).sort().map((k) => `<tr data-tag="${M.esc(k)}"><td>${M.esc(k)}</td><td>${M.esc(tags[k].value)}</td>
            <td>${tags[k].inheritedFrom ? `directory <a href="${M.dirHref(tags[k].inheritedFrom)}">${M.esc(tags[k].inheritedFrom)}</a>` : 'this file'}</td>
            <td>${M.esc(tags[k].setBy)}, ${M.time(tags[k].setAt)}</td>
            <td><button type="button" class="secondary" data-change data-untag="${M.esc(k)}" data-on="${M.esc(tags[k].inheritedFrom || record.path)}"
              aria-label="remove tag ${M.esc(k)} from ${M.esc(tags[k].inheritedFrom || 'this file')}">Remove</button></td></tr>`).join('')
            || '<tr><td colspan="5" class="muted">no tags</td></tr>'}</tbody></table>
          <h3 class="section">Auto-tags (classification rules)</h3><p>${M.tags(record.autoTags) || '<span class="muted">none</span>'}</p></section>
        <section class="card"><h2>Recent moves</h2><table><thead><tr><th scope="col">issued</th><th scope="col">op</th><th scope="col">from → to</th>
          <th scope="col">status</th><th scope="col" class="num">bytes</th><th scope="col">error</th></tr></thead><tbody>
          ${moves.rows.map((m) => `<tr><td>${M.time(m[0])}</td><td>${M.esc(m[1])}</td><td>${M.esc(m[2])} → ${M.esc(m[3])}</td><td>${M.badge(m[4])}</td>
            <td class="num">${M.bytes(m[5])}</td><td class="error">${M.esc(m[6])}</td></tr>`).join('') || '<tr><td colspan="6" class="muted">none remembered</td></tr>'}
          </tbody></table>
          <h3 class="section">Recent reads (access events)</h3><table id="fp-accesses"><thead><tr><th scope="col">read</th><th scope="col">from silo</th>
          <th scope="col" class="num">bytes</th><th scope="col">reader</th></tr></thead><tbody>
          ${reads.rows.map((a) => `<tr data-access><td>${M.time(a[0])}</td><td>${M.esc(a[1])}</td><td class="num">${M.bytes(a[2])}</td>
            <td>${M.esc(a[3] || 'unknown')}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">no reads remembered</td></tr>'}
          </tbody></table>
          </section></div>`);
    },
  };
}(window.Meridian));
