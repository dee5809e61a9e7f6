// Meridian console core: token, API calls, routing, the live change stream, and small view helpers.
// Plain modern JavaScript, no libraries. Every call goes to the documented HTTP API (README "Queries").
'use strict';
const M = window.Meridian = { pages: {}, role: null };

// ---- token and API -------------------------------------------------------------------------
const TOKEN_KEY = 'meridian.token';
M.token = () => sessionStorage.getItem(TOKEN_KEY);

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : 'HTTP ' + status);
    this.status = status; this.body = body || {};
  }
}
M.ApiError = ApiError;

function headers(extra) {
  const h = Object.assign({}, extra);
  const t = M.token();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

/** Calls the API; answers parsed JSON (or the Response when raw), throws ApiError with the server's message. */
M.api = async function (method, path, body, opts = {}) {
  const init = { method, headers: headers(opts.headers), signal: opts.signal };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (!init.headers['Content-Type']) init.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, init);
  if (res.status === 401) { showLogin(M.token() ? 'Your token was not accepted; sign in again.' : ''); throw new ApiError(401, { error: 'not signed in' }); }
  if (!res.ok) {
    let b = null;
    try { b = await res.json(); } catch (e) { /* not JSON */ }
    throw new ApiError(res.status, b);
  }
  if (opts.raw) return res;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
};

// At most one SQL query of this tab runs at a time: the server admits 4 per token.
let sqlChain = Promise.resolve();
/** Runs a pull query; answers {columns, rows, truncated}. */
M.sql = function (sql, format = 'json') {
  const run = () => M.api('POST', '/v1/query', { sql, format });
  const p = sqlChain.then(run, run);
  sqlChain = p.catch(() => null);
  return p;
};
/** SQL string literal. */
M.lit = (s) => "'" + String(s).replace(/'/g, "''") + "'";

/**
 * Reads a streaming answer line by line (NDJSON or Server-Sent Events) until it ends or signal aborts;
 * calls onLine for each line.
 */
M.readLines = async function (res, onLine) {
  const reader = res.body.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i)); buf = buf.slice(i + 1); }
  }
};

// ---- formatting --------------------------------------------------------------------------
M.esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
M.bytes = function (n) {
  if (n == null) return '';
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0; let v = Number(n);
  while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return (i === 0 ? Math.round(v) : v.toFixed(1)) + ' ' + u[i];
};
M.time = (t) => (t == null || t === '' ? '' : new Date(typeof t === 'number' ? t : Date.parse(t)).toISOString().replace(/\.\d{3}Z$/, 'Z').replace('T', ' '));
M.badge = (s) => `<span class="badge ${M.esc(String(s).toLowerCase())}">${M.esc(s)}</span>`;
M.tags = (m) => Object.keys(m || {}).sort().map((k) => `<span class="badge">${M.esc(k)}=${M.esc(m[k])}</span>`).join(' ');
M.fileHref = (path) => '#/file' + path.split('/').map(encodeURIComponent).join('/');
M.dirHref = (path) => '#/files' + path.split('/').map(encodeURIComponent).join('/');

M.say = function (text, bad) {
  const box = document.getElementById('status');
  const d = document.createElement('div');
  d.textContent = text;
  if (bad) d.className = 'bad';
  box.appendChild(d);
  setTimeout(() => d.remove(), bad ? 9000 : 4000);
};
/**
 * Applies sizes given as data-w (width), data-l (left) and data-h (height) attributes: the page's
 * Content-Security-Policy allows no inline style attributes, but styles set through the DOM are fine.
 */
M.styles = function (root) {
  root.querySelectorAll('[data-w],[data-l],[data-h]').forEach((el) => {
    if (el.dataset.w) el.style.width = el.dataset.w;
    if (el.dataset.l) el.style.left = el.dataset.l;
    if (el.dataset.h) el.style.height = el.dataset.h;
  });
};
/** Replaces an element's content only when it differs, so that live refreshes keep focus and selection. */
M.render = function (el, html) {
  if (el.dataset.rendered === html) return false;
  el.innerHTML = html;
  el.dataset.rendered = html;
  M.styles(el);
  return true;
};
M.canChange = () => M.role === 'operator';
/** Disables controls that change things for a read-only token, with the reason as their title. */
M.guard = function (root) {
  if (M.canChange()) return;
  root.querySelectorAll('[data-change]').forEach((el) => {
    el.disabled = true;
    el.title = 'needs the operator token';
    el.setAttribute('aria-disabled', 'true');
  });
};

/**
 * A table that renders only the rows in view, so 10,000 rows scroll without freezing. columns:
 * [{key, label, num, html(row) }]; rows: array of objects or arrays.
 */
M.VTable = class {
  constructor(container, columns, opts = {}) {
    this.columns = columns; this.rows = []; this.rowHeight = 27; this.caption = opts.caption || '';
    container.innerHTML = `<div class="vscroll" tabindex="0" role="region" aria-label="${M.esc(this.caption)}"><table>
      <caption class="muted">${M.esc(this.caption)}</caption>
      <colgroup>${columns.map((c) => `<col${c.w ? ` data-w="${c.w}"` : ''}>`).join('')}</colgroup>
      <thead><tr>${columns.map((c) => `<th scope="col" class="${c.num ? 'num' : ''}">${M.esc(c.label)}</th>`).join('')}</tr></thead>
      <tbody></tbody></table></div>`;
    this.scroller = container.querySelector('.vscroll');
    M.styles(container);
    this.body = container.querySelector('tbody');
    if (opts.height) this.scroller.style.height = opts.height;
    this.scroller.addEventListener('scroll', () => this.draw());
  }
  /** Shows these rows; the same rows again change nothing (keyboard focus and scroll stay where they are). */
  set(rows) {
    const signature = JSON.stringify(rows);
    if (signature === this.signature) return;
    this.signature = signature; this.rows = rows; this.draw();
  }
  draw() {
    const n = this.rows.length; const h = this.rowHeight; const cols = this.columns.length;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / h) - 10);
    const count = Math.ceil((this.scroller.clientHeight || 460) / h) + 20;
    const last = Math.min(n, first + count);
    let html = first > 0 ? `<tr aria-hidden="true" data-h="${first * h}px"><td colspan="${cols}"></td></tr>` : '';
    for (let i = first; i < last; i++) {
      const r = this.rows[i];
      html += '<tr>' + this.columns.map((c, j) => {
        const v = c.html ? c.html(r) : M.esc(Array.isArray(r) ? r[j] : r[c.key]);
        return `<td class="${c.num ? 'num' : ''}">${v}</td>`;
      }).join('') + '</tr>';
    }
    if (last < n) html += `<tr aria-hidden="true" data-h="${(n - last) * h}px"><td colspan="${cols}"></td></tr>`;
    if (n === 0) html = `<tr><td colspan="${cols}" class="muted">nothing to show</td></tr>`;
    this.body.innerHTML = html;
    M.styles(this.body);
  }
};

// ---- live changes -----------------------------------------------------------------------
// One stream of GET /v1/changes (Server-Sent Events, read with fetch so it can carry the token);
// every change event makes the current page read its data again, never two reads at once.
let liveAbort = null;
M.version = 0;
async function followChanges() {
  if (liveAbort) liveAbort.abort();
  const ctl = liveAbort = new AbortController();
  const text = document.getElementById('live-text');
  let delay = 1000;
  while (!ctl.signal.aborted) {
    try {
      const res = await M.api('GET', '/v1/changes', undefined, { raw: true, signal: ctl.signal });
      document.getElementById('live').classList.add('on'); text.textContent = 'live'; delay = 1000;
      await M.readLines(res, (line) => {
        if (line.startsWith('data:')) { M.version = JSON.parse(line.slice(5)).version; refreshSoon(); }
      });
    } catch (e) {
      if (ctl.signal.aborted) return;
    }
    document.getElementById('live').classList.remove('on'); text.textContent = 'reconnecting';
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 15000);
  }
}
let refreshing = false; let again = false;
async function refreshSoon() {
  if (refreshing) { again = true; return; }
  refreshing = true;
  try {
    do {
      again = false;
      if (M.current && M.current.refresh) await M.current.refresh();
      const page = document.getElementById('page');
      M.styles(page); M.guard(page);
    } while (again);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) console.warn('refresh failed', e);
  } finally { refreshing = false; }
}
M.refreshSoon = refreshSoon;

// ---- routing and sign-in ----------------------------------------------------------------
function showLogin(message) {
  if (liveAbort) liveAbort.abort();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('page').innerHTML = '';
  const form = document.getElementById('login');
  form.hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('token').focus();
}

async function start() {
  try {
    M.role = (await M.api('GET', '/v1/whoami')).role;
  } catch (e) {
    if (e.status !== 401) document.getElementById('page').innerHTML = `<p class="error">${M.esc(e.message)}</p>`;
    return;
  }
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('role').textContent = M.role === 'operator' ? 'operator' : 'read-only';
  document.getElementById('logout').hidden = !M.token();
  followChanges();
  route();
}

function route() {
  const hash = decodeURIComponent(location.hash.slice(1) || '/overview');
  const name = hash.split('/')[1] || 'overview';
  const arg = hash.slice(name.length + 1) || '';
  const page = M.pages[name] || M.pages.overview;
  document.querySelectorAll('nav a').forEach((a) => {
    const on = a.dataset.page === name || (name === 'file' && a.dataset.page === 'files');
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (M.current && M.current.leave) M.current.leave();
  const el = document.getElementById('page');
  el.innerHTML = '';
  M.current = page;
  page.render(el, arg);
  M.guard(el);
  refreshSoon();
}

window.addEventListener('hashchange', () => { if (M.role) { route(); document.getElementById('main').focus(); } });
document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value.trim());
    document.getElementById('token').value = '';
    start();
  });
  document.getElementById('logout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY); M.role = null; showLogin('Signed out.');
  });
  start();
});
