// Referrals, re-emergence alerts and analysis runs.

import { request, path, items } from '/assets/api.js';
import {
  h, add, ut, viewHref, entityLink, problemBox, notice, time, num, badge, statusBadge, facts, section,
  humanize, select,
} from '/assets/dom.js';
import { mark } from '/assets/state.js';

// Referral statuses offered; a referral's own status is always offered too.
const STATUSES = ['draft', 'sent', 'acknowledged', 'actioned', 'rejected', 'closed'];
const OUTCOMES = ['removed', 'partially removed', 'no action', 'pending'];

// ---------- Export ----------

function filenameOf(res, fallback) {
  const cd = res.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) { try { return decodeURIComponent(star[1]); } catch { /* keep looking */ } }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

// exportReferral fetches a referral's export (the API needs the token, so
// a plain link cannot) and offers it as a file to save.
export async function exportReferral(id, format) {
  const res = await request(path`/v1/referrals/${id}/export`, { query: { format }, raw: true });
  const blob = await res.blob();
  const name = filenameOf(res, `referral-${String(id).replace(/[^\w.-]+/g, '_')}.${format}`);
  return { url: URL.createObjectURL(blob), name, size: blob.size };
}

// exportButtons are the CSV and JSON export links of a referral.
export function exportButtons(id) {
  const out = h('span', { class: 'exports', 'aria-live': 'polite' });
  const made = {};
  const button = (format) => h('button', { type: 'button', class: 'link export', dataset: { format },
    'aria-label': `Export referral ${id} as ${format.toUpperCase()}`, text: 'Export ' + format.toUpperCase(),
    onclick: async (e) => {
      const btn = e.currentTarget;
      btn.disabled = true;
      try {
        if (!made[format]) {
          const f = await exportReferral(id, format);
          made[format] = f;
          out.append(h('a', { href: f.url, download: f.name, class: 'download', dataset: { format }, text: `${f.name} (${num(f.size)} bytes)` }), ' ');
        }
        out.querySelector(`a.download[data-format="${format}"]`)?.click();
      } catch (err) {
        out.append(problemBox(err, 'Exporting the referral'));
      } finally {
        btn.disabled = false;
      }
    } });
  return h('span', { class: 'export-group' }, button('csv'), ' ', button('json'), ' ', out);
}

// ---------- Referrals ----------

export async function renderReferrals(ctx) {
  const { main } = ctx;
  const out = h('div', { id: 'referrals-holder', 'aria-live': 'polite' });
  main.replaceChildren(h('h1', { text: 'Referrals' }),
    h('p', { class: 'lede', text: 'Networks referred to the platforms, with their status and what the platform did. Create a referral from a network’s page.' }),
    out);
  const table = h('table', { id: 'referrals', class: 'referrals' },
    h('thead', null, h('tr', null, ['Referral', 'Network', 'Platform', 'Created', 'Status', 'Outcome', '', 'Export'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody'));
  let first = true;
  const load = async (cursor) => {
    let resp;
    try {
      resp = await request('/v1/referrals', { query: { limit: 50, cursor }, signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent()) out.replaceChildren(problemBox(err, 'The referrals (GET /v1/referrals)'));
      return;
    }
    if (!ctx.isCurrent()) return;
    const list = items(resp, 'referrals');
    if (first) {
      first = false;
      if (!list.length) { out.replaceChildren(notice('No referral yet. Open a network to refer it to a platform.')); mark('referrals'); return; }
      out.replaceChildren(h('datalist', { id: 'outcomes' }, OUTCOMES.map((o) => h('option', { value: o }))), table);
    }
    for (const r of list) table.tBodies[0].append(referralRow(r));
    out.querySelector('.more')?.remove();
    if (resp && resp.next) out.append(h('button', { type: 'button', class: 'more', text: 'More referrals', onclick: () => load(resp.next) }));
    mark('referrals');
  };
  await load();
}

function referralRow(r) {
  const id = r.id || r.referral_id || '';
  const cluster = r.cluster_id || r.cluster || r.network || '';
  const statuses = STATUSES.includes(r.status) || !r.status ? STATUSES : [r.status, ...STATUSES];
  const status = select(statuses.map((s) => [s, s]), r.status || '', { 'aria-label': `Status of referral ${id}` });
  const outcome = h('input', { type: 'text', list: 'outcomes', value: r.outcome || '', 'aria-label': `Outcome of referral ${id}`, dir: 'auto', class: 'outcome' });
  const msg = h('span', { class: 'row-message', 'aria-live': 'polite' });
  const save = h('button', { type: 'button', text: 'Save', onclick: async () => {
    const body = {};
    if (status.value !== (r.status || '')) body.status = status.value;
    if (outcome.value.trim() !== (r.outcome || '')) body.outcome = outcome.value.trim();
    if (!Object.keys(body).length) { msg.replaceChildren('Nothing changed.'); return; }
    save.disabled = true;
    msg.replaceChildren('Saving…');
    try {
      const updated = await request(path`/v1/referrals/${id}`, { method: 'PATCH', body });
      Object.assign(r, updated && typeof updated === 'object' ? updated : body);
      msg.replaceChildren('Saved.');
    } catch (err) {
      msg.replaceChildren(problemBox(err, 'Saving the referral'));
    } finally {
      save.disabled = false;
    }
  } });
  return h('tr', { dataset: { id } },
    h('td', null, ut('span', id)),
    h('td', null, cluster ? h('a', { href: viewHref('network', cluster), class: 'ut', dir: 'auto', text: cluster }) : '—'),
    h('td', { text: r.platform || '' }),
    h('td', null, time(r.created_at || r.created)),
    h('td', null, status),
    h('td', null, outcome),
    h('td', null, save, ' ', msg),
    h('td', null, id ? exportButtons(id) : ''));
}

// ---------- Alerts ----------

function alertAcked(a) {
  return Boolean(a.acked || a.acknowledged || a.acked_at || a.acknowledged_at || a.status === 'acknowledged' || a.status === 'acked');
}

export async function renderAlerts(ctx) {
  const { main } = ctx;
  const showAll = h('input', { type: 'checkbox', id: 'alerts-all' });
  const out = h('div', { id: 'alerts-holder', 'aria-live': 'polite' });
  main.replaceChildren(h('h1', { text: 'Alerts' }),
    h('p', { class: 'lede', text: 'Re-emergence: a removed account’s identifiers turn up on new accounts, or a referred network grows back.' }),
    h('p', { class: 'check' }, showAll, h('label', { for: 'alerts-all', text: 'Show acknowledged alerts too' })), out);
  let all = [];
  const render = () => {
    const list = all.filter((a) => showAll.checked || !alertAcked(a));
    if (!list.length) { out.replaceChildren(notice(all.length ? 'Every alert has been acknowledged.' : 'No alert.')); return; }
    out.replaceChildren(h('ol', { class: 'alerts', id: 'alerts' }, list.map(alertItem)));
  };
  showAll.addEventListener('change', render);
  try {
    all = items(await request('/v1/alerts', { query: { limit: 200 }, signal: ctx.signal }), 'alerts');
  } catch (err) {
    if (ctx.isCurrent()) out.replaceChildren(problemBox(err, 'The alerts (GET /v1/alerts)'));
    return;
  }
  if (!ctx.isCurrent()) return;
  render();
  mark('alerts');
}

function alertItem(a) {
  const id = a.id || '';
  const li = h('li', { class: 'alert' + (alertAcked(a) ? ' acked' : ''), dataset: { id } });
  const text = a.message || a.summary || a.text || a.detail || a.description || '';
  const related = [
    a.cluster_id || a.cluster ? ['Network', h('a', { href: viewHref('network', a.cluster_id || a.cluster), class: 'ut', dir: 'auto', text: a.cluster_id || a.cluster })] : null,
    a.referral_id ? ['Referral', ut('span', a.referral_id)] : null,
    a.account || a.account_id ? ['Account', entityLink(a.account || a.account_id)] : null,
    a.removed || a.removed_account ? ['Removed account', entityLink(a.removed || a.removed_account)] : null,
    a.successor || a.new_account ? ['New account', entityLink(a.successor || a.new_account)] : null,
    a.identifier ? ['Identifier', h('a', { href: '#/search?by=identifier&q=' + encodeURIComponent(String(a.identifier).replace(/^[a-z_]+:/, '')), class: 'ut', dir: 'auto', text: String(a.identifier) })] : null,
    Array.isArray(a.accounts) && a.accounts.length ? ['Accounts', h('span', null, a.accounts.slice(0, 20).map((x, i) => [i ? ', ' : '', entityLink(typeof x === 'string' ? x : x.id)]))] : null,
  ].filter(Boolean);
  const ack = h('button', { type: 'button', class: 'ack', text: 'Acknowledge', onclick: async () => {
    ack.disabled = true;
    try {
      const r = await request(path`/v1/alerts/${id}/ack`, { method: 'POST' });
      Object.assign(a, r && typeof r === 'object' ? r : {}, { acked: true });
      li.classList.add('acked');
      ack.replaceWith(badge('acknowledged', 'acked'));
    } catch (err) {
      ack.disabled = false;
      li.append(problemBox(err, 'Acknowledging the alert'));
    }
  } });
  add(li, h('p', { class: 'alert-head' }, badge(humanize(a.kind || a.type || 'alert'), 'alert-kind'), ' ', time(a.created_at || a.at || a.time),
    a.severity ? [' ', badge(a.severity)] : ''),
  text ? ut('p', text) : '', facts(related), alertAcked(a) ? badge('acknowledged', 'acked') : (id ? ack : ''));
  return li;
}

// ---------- Analysis ----------

export async function renderAnalysis(ctx) {
  const { main } = ctx;
  const out = h('div', { id: 'runs-holder', 'aria-live': 'polite' });
  const msg = h('div', { 'aria-live': 'polite' });
  const start = h('button', { type: 'button', id: 'start-run', text: 'Start an analysis run', onclick: async () => {
    start.disabled = true;
    msg.replaceChildren(h('p', { class: 'loading', text: 'Starting…' }));
    try {
      const r = await request('/v1/analysis/runs', { method: 'POST' });
      location.hash = viewHref('analysis', r.id);
    } catch (err) {
      msg.replaceChildren(problemBox(err, 'Starting a run (POST /v1/analysis/runs)'));
      start.disabled = false;
    }
  } });
  main.replaceChildren(h('h1', { text: 'Analysis' }),
    h('p', { class: 'lede', text: 'An analysis run reads the whole graph, finds the networks, ranks them and compares them with the previous run.' }),
    h('p', null, start), msg, section('Runs', { id: 'runs', class: 'card' }, out));
  let resp;
  try {
    resp = await request('/v1/analysis/runs', { query: { limit: 20 }, signal: ctx.signal });
  } catch (err) {
    if (ctx.isCurrent()) out.replaceChildren(problemBox(err, 'The analysis runs (GET /v1/analysis/runs)'));
    return;
  }
  if (!ctx.isCurrent()) return;
  const list = items(resp, 'runs');
  if (!list.length) { out.replaceChildren(notice('No run yet.')); return; }
  out.replaceChildren(h('table', { class: 'compact', id: 'runs-table' },
    h('thead', null, h('tr', null, ['Run', 'Status', 'Queued', 'Finished', 'Networks', 'Seconds'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, list.map((r) => h('tr', { dataset: { id: r.id } },
      h('td', null, h('a', { href: viewHref('analysis', r.id), text: r.id })),
      h('td', null, statusBadge(r.status)),
      h('td', null, time(r.queued_at)),
      h('td', null, time(r.finished_at)),
      h('td', { class: 'num', text: r.summary ? num(r.summary.clusters) : '—' }),
      h('td', { class: 'num', text: r.timings && Number.isFinite(r.timings.total) ? num(r.timings.total, 1) : '—' }))))));
  mark('analysis');
}

const POLL_MS = 1000;

// renderRun shows one run and, while it is queued or running, polls it.
export async function renderRun(ctx, id) {
  const { main } = ctx;
  const bar = h('progress', { max: '100', value: '0', id: 'run-progress', 'aria-label': 'Progress of the run' });
  const phase = h('p', { id: 'run-phase', 'aria-live': 'polite' });
  const body = h('div', { id: 'run-body' });
  main.replaceChildren(h('h1', null, 'Analysis run ', ut('span', id)), h('p', null, h('a', { href: '#/analysis', text: '← All runs' })), bar, phase, body);
  for (;;) {
    let r;
    try {
      r = await request(path`/v1/analysis/runs/${id}`, { signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent()) { bar.remove(); body.replaceChildren(problemBox(err)); }
      return;
    }
    if (!ctx.isCurrent()) return;
    const pct = r.status === 'succeeded' ? 100 : Math.max(0, Math.min(100, (r.progress && r.progress.percent) || 0));
    bar.value = pct;
    phase.replaceChildren(statusBadge(r.status), ' ',
      r.status === 'running' || r.status === 'queued'
        ? `${r.progress && r.progress.phase ? humanize(r.progress.phase) + ' · ' : ''}${num(pct, 0)}%`
        : (r.status === 'succeeded' ? 'Done.' : ''));
    body.replaceChildren(runFacts(r));
    if (r.status !== 'queued' && r.status !== 'running') {
      if (r.status === 'succeeded') body.prepend(h('p', null, h('a', { class: 'button', href: '#/networks', id: 'see-ranking', text: 'See the ranking' })));
      if (r.error) body.prepend(h('div', { class: 'problem', role: 'alert' }, h('p', { class: 'problem-title', text: 'The run failed' }), ut('p', r.error, { class: 'problem-detail' })));
      mark('run');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!ctx.isCurrent()) return;
  }
}

function runFacts(r) {
  const s = r.summary || {};
  const lineage = s.lineage && typeof s.lineage === 'object' ? Object.entries(s.lineage).map(([k, v]) => `${v} ${k}`).join(', ') : '';
  return facts([
    ['Queued', r.queued_at ? time(r.queued_at) : ''],
    ['Started', r.started_at ? time(r.started_at) : ''],
    ['Finished', r.finished_at ? time(r.finished_at) : ''],
    ['Seconds', r.timings && Number.isFinite(r.timings.total) ? num(r.timings.total, 2) : ''],
    ['Networks', Number.isFinite(s.clusters) ? num(s.clusters) : ''],
    ['Accounts in networks', Number.isFinite(s.clustered) ? num(s.clustered) : ''],
    ['Communities', Number.isFinite(s.communities) ? num(s.communities) : ''],
    ['Modularity', Number.isFinite(s.modularity) ? num(s.modularity, 3) : ''],
    ['Graph read', Number.isFinite(s.entities) ? `${num(s.entities)} entities, ${num(s.links)} links` : ''],
    ['Projection', Number.isFinite(s.nodes) ? `${num(s.nodes)} nodes, ${num(s.edges)} edges` : ''],
    ['Hubs cut', Number.isFinite(s.hubs_cut) ? num(s.hubs_cut) : ''],
    ['Against the previous run', lineage],
    ['Graph changed while read', r.graph_changed ? 'yes: run again for a consistent picture' : ''],
  ]);
}
