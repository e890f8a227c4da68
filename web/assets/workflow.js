// Referrals, re-emergence alerts and analysis runs.

import { request, path, items } from '/assets/api.js';
import {
  h, add, ut, viewHref, entityLink, problemBox, notice, time, num, badge, tierBadge, statusBadge, facts, section,
  humanize, labelled, select,
} from '/assets/dom.js';
import { mark } from '/assets/state.js';

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

// The lifecycle of a referral and the platform's answers for its items.
const NEXT_STATUS = { draft: 'submitted', submitted: 'actioned' };
const NEXT_LABEL = { draft: 'Mark as submitted to the platform', submitted: 'Close as actioned' };
const OUTCOMES = ['removed', 'suspended', 'no_action', 'rejected'];
const REFERRAL_STATUSES = ['draft', 'submitted', 'actioned'];

function countsText(c) {
  if (!c || typeof c !== 'object') return '';
  const done = ['removed', 'suspended', 'no_action', 'rejected'].filter((k) => c[k]).map((k) => `${num(c[k])} ${k.replace('_', ' ')}`);
  return `${num(c.items)} item${c.items === 1 ? '' : 's'}` + (c.pending ? `, ${num(c.pending)} pending` : '') + (done.length ? ', ' + done.join(', ') : '');
}

export async function renderReferrals(ctx, params) {
  const { main } = ctx;
  const status = select([['', 'All statuses'], ...REFERRAL_STATUSES.map((s) => [s, s])], params.get('status') || '', { id: 'referrals-status' });
  const out = h('div', { id: 'referrals-holder', 'aria-live': 'polite' });
  status.addEventListener('change', () => {
    history.replaceState(null, '', '#/referrals' + (status.value ? '?status=' + encodeURIComponent(status.value) : ''));
    load();
  });
  main.replaceChildren(h('h1', { text: 'Referrals' }),
    h('p', { class: 'lede', text: 'Networks referred to the platforms: draft, submitted, then actioned once the platform has answered for each item. Create a referral from a network’s page.' }),
    h('div', { class: 'filters' }, labelled('Status', status)), out);
  let loaded = 0;
  const load = async (cursor) => {
    const my = ++loaded;
    if (!cursor) out.replaceChildren(h('p', { class: 'loading', text: 'Loading the referrals…' }));
    let resp;
    try {
      resp = await request('/v1/referrals', { query: { limit: 50, cursor, status: status.value }, signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent() && my === loaded) out.replaceChildren(problemBox(err, 'The referrals (GET /v1/referrals)'));
      return;
    }
    if (!ctx.isCurrent() || my !== loaded) return;
    const list = items(resp, 'referrals');
    if (!cursor) {
      if (!list.length) {
        out.replaceChildren(notice(status.value ? 'No referral has this status.' : 'No referral yet. Open a network to refer it to a platform.'));
        mark('referrals');
        return;
      }
      out.replaceChildren(h('table', { id: 'referrals', class: 'referrals' },
        h('thead', null, h('tr', null, ['Referral', 'Network', 'Platform', 'Status', 'Items', 'Score', 'Created', 'Export'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody')));
    }
    const tbody = out.querySelector('tbody');
    for (const r of list) tbody.append(referralRow(r));
    out.querySelector('.more')?.remove();
    if (resp && resp.next) out.append(h('button', { type: 'button', class: 'more', text: 'More referrals', onclick: () => load(resp.next) }));
    mark('referrals');
  };
  await load();
}

function referralRow(r) {
  const id = r.id || '';
  const cluster = r.cluster || r.cluster_id || '';
  return h('tr', { dataset: { id } },
    h('td', null, h('a', { href: viewHref('referral', id), class: 'ut referral-link', dir: 'auto', text: id })),
    h('td', null, cluster ? h('a', { href: viewHref('network', cluster), class: 'ut', dir: 'auto', text: cluster }) : '—'),
    h('td', { text: r.platform || '' }),
    h('td', null, statusBadge(r.status)),
    h('td', { text: countsText(r.counts) }),
    h('td', null, Number.isFinite(r.score) ? [num(r.score, 3), ' ', r.tier ? tierBadge(r.tier) : ''] : '—'),
    h('td', null, time(r.created_at), r.created_by ? h('span', { class: 'muted small', text: ' by ' + r.created_by }) : ''),
    h('td', null, id ? exportButtons(id) : ''));
}

// renderReferral shows one referral: its assessment, its items with their
// evidence, the platform's outcomes, and the next step of its lifecycle.
export async function renderReferral(ctx, id) {
  const { main } = ctx;
  let r;
  try {
    r = await request(path`/v1/referrals/${id}`, { signal: ctx.signal });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    main.replaceChildren(h('h1', null, 'Referral ', ut('span', id)), problemBox(err));
    return;
  }
  if (!ctx.isCurrent()) return;
  document.title = `Referral ${r.id || id} · Takedown`;
  const message = h('div', { id: 'referral-message', 'aria-live': 'polite' });
  const reload = () => renderReferral(ctx, id);
  const save = async (body, what) => {
    message.replaceChildren(h('p', { class: 'loading', text: what + '…' }));
    try {
      await request(path`/v1/referrals/${r.id || id}`, { method: 'PATCH', body });
    } catch (err) {
      message.replaceChildren(problemBox(err, what));
      return;
    }
    if (!ctx.isCurrent()) return;
    await reload();
    const m = document.getElementById('referral-message');
    if (m) m.replaceChildren(h('p', { class: 'notice', role: 'status', text: 'Saved.' }));
  };
  const net = r.network || {};
  const a = net.assessment || {};
  const cluster = r.cluster || r.cluster_id || '';
  main.replaceChildren(
    h('h1', null, 'Referral ', ut('span', r.id || id), ' ', statusBadge(r.status)),
    facts([
      ['Network', cluster ? h('a', { href: viewHref('network', cluster), class: 'ut', dir: 'auto', text: cluster }) : ''],
      ['Platform', r.platform],
      ['Items', countsText(r.counts)],
      ['Score', Number.isFinite(a.score) ? [num(a.score, 3), ' ', a.tier ? tierBadge(a.tier) : ''] : ''],
      ['Network then', Number.isFinite(net.size) ? `${num(net.size)} members, ${num(net.down || 0)} already down` : ''],
      ['Created', r.created_at ? [time(r.created_at), r.created_by ? ' by ' + r.created_by : ''] : ''],
      ['Submitted', r.submitted_at ? [time(r.submitted_at), r.submitted_by ? ' by ' + r.submitted_by : ''] : ''],
      ['Actioned', r.actioned_at ? [time(r.actioned_at), r.actioned_by ? ' by ' + r.actioned_by : ''] : ''],
      ['Export', r.id ? exportButtons(r.id) : ''],
    ], 'facts inline'),
    assessmentBox(a, r.override_reason),
    nextStepBox(r, a, save),
    message,
    itemsSection(r, save),
    historySection(r));
  mark('referral');
}

function assessmentBox(a, override) {
  if (!a || a.referable === undefined) return '';
  return h('div', { class: a.referable ? 'assessment ok' : 'assessment warn', id: 'assessment' },
    h('p', { class: 'assessment-title', text: a.referable ? 'Referable: the network advertises crossings.' : 'Not referable without a reason: it may not be a smuggling network.' }),
    a.reason ? ut('p', a.reason) : '',
    override ? h('p', null, 'Override reason: ', ut('span', override)) : '');
}

function nextStepBox(r, a, save) {
  const next = NEXT_STATUS[r.status];
  if (!next) return '';
  const needsReason = next === 'submitted' && a && a.referable === false && !r.override_reason;
  const reason = needsReason ? h('input', { type: 'text', id: 'override-reason', dir: 'auto', required: true, class: 'wide-input' }) : null;
  const form = h('form', { class: 'inline-form next-step', id: 'next-step' },
    reason ? labelled('Why refer it anyway (kept with the referral)', reason, 'field grow') : '',
    h('button', { type: 'submit', id: 'next-status', dataset: { status: next }, text: NEXT_LABEL[r.status] }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { status: next };
    if (reason) {
      if (!reason.value.trim()) { reason.focus(); return; }
      body.override_reason = reason.value.trim();
    }
    save(body, next === 'submitted' ? 'Submitting the referral' : 'Closing the referral');
  });
  return form;
}

function itemsSection(r, save) {
  const list = Array.isArray(r.items) ? r.items : [];
  const sec = section(`Items (${list.length})`, { id: 'referral-items', class: 'card' });
  if (!list.length) { sec.append(notice('This referral has no item.')); return sec; }
  const open = r.status === 'submitted' || r.status === 'actioned';
  const choices = new Map();
  const rows = list.map((it) => {
    let cell;
    if (it.outcome) {
      cell = h('td', null, badge(it.outcome.replace('_', ' '), 'outcome outcome-' + it.outcome), ' ', time(it.outcome_at),
        it.note ? ut('p', it.note, { class: 'small' }) : '');
    } else if (open) {
      const sel = select([['', 'pending'], ...OUTCOMES.map((o) => [o, o.replace('_', ' ')])], '', { class: 'item-outcome', 'aria-label': `Outcome of ${it.handle || it.id}` });
      choices.set(it.id, sel);
      cell = h('td', null, sel);
    } else {
      cell = h('td', { class: 'muted', text: 'pending (submit first)' });
    }
    const url = safeHref(it.url);
    const indicators = Array.isArray(it.evidence && it.evidence.indicators) ? it.evidence.indicators : [];
    return h('tr', { dataset: { id: it.id } },
      h('td', null, entityLink(it.kind === 'post' ? (it.author || it.id) : it.id, it.handle || it.name || it.id, it.kind),
        it.kind === 'post' ? h('span', { class: 'muted small ut', dir: 'auto', text: ' post ' + it.id }) : '',
        url ? [' ', h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'small', text: 'on ' + (it.platform || 'the platform') })] : ''),
      h('td', { text: it.kind || '' }),
      h('td', null, statusBadge(it.status)),
      h('td', null, ut('p', (it.evidence && it.evidence.summary) || '', { class: 'small item-summary' }),
        indicators.length ? h('p', { class: 'small' }, indicators.slice(0, 6).map((x, i) => [i ? ' ' : '', h('mark', { class: 'hit hit-' + String(x.category || '').replace(/[^a-z_]/g, ''), title: x.category || '', dir: 'auto', text: x.match || x.phrase || '' })])) : ''),
      cell);
  });
  sec.append(h('div', { class: 'scroll tall' }, h('table', { class: 'compact items', id: 'items' },
    h('thead', null, h('tr', null, ['Item', 'Kind', 'Status then', 'Evidence', 'Outcome'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, rows))));
  if (choices.size) {
    const all = select([['', '—'], ...OUTCOMES.map((o) => [o, o.replace('_', ' ')])], '', { id: 'outcome-all' });
    all.addEventListener('change', () => { for (const s of choices.values()) if (all.value) s.value = all.value; });
    const note = h('input', { type: 'text', id: 'outcome-note', dir: 'auto' });
    const form = h('form', { class: 'inline-form', id: 'record-outcomes' },
      labelled('Set every pending item to', all), labelled('Note', note, 'field grow'),
      h('button', { type: 'submit', text: 'Record the outcomes' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const updates = [];
      for (const [itemID, s] of choices) {
        if (!s.value) continue;
        const u = { id: itemID, outcome: s.value };
        if (note.value.trim()) u.note = note.value.trim();
        updates.push(u);
      }
      if (!updates.length) return;
      save({ items: updates }, `Recording ${updates.length} outcome${updates.length === 1 ? '' : 's'}`);
    });
    sec.prepend(form);
  }
  return sec;
}

function historySection(r) {
  const ev = Array.isArray(r.history) ? r.history : [];
  if (!ev.length) return '';
  return section('History', { id: 'referral-history', class: 'card' }, h('ol', { class: 'history' }, ev.map((e) =>
    h('li', null, time(e.at), ' ', e.action || '', e.status ? [' → ', e.status] : '', e.outcome ? [': ', e.outcome] : '',
      Array.isArray(e.items) && e.items.length ? ` (${e.items.length} item${e.items.length === 1 ? '' : 's'})` : '',
      e.actor ? h('span', { class: 'muted', text: ' by ' + e.actor }) : ''))));
}

function safeHref(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch { return ''; }
}

// ---------- Alerts ----------

function alertAcked(a) {
  return a.status === 'acknowledged' || Boolean(a.acknowledged_at || a.acked);
}

export async function renderAlerts(ctx, params) {
  const { main } = ctx;
  const showAll = h('input', { type: 'checkbox', id: 'alerts-all' });
  showAll.checked = params.get('status') === 'all';
  const out = h('div', { id: 'alerts-holder', 'aria-live': 'polite' });
  const detectMsg = h('span', { id: 'detect-message', 'aria-live': 'polite' });
  const detect = h('button', { type: 'button', id: 'detect', text: 'Look for re-emerged accounts', onclick: async () => {
    detect.disabled = true;
    detectMsg.replaceChildren(h('span', { class: 'loading', text: ' Reading the whole graph…' }));
    try {
      const res = await request('/v1/alerts/detect', { method: 'POST' });
      detectMsg.replaceChildren(` ${num(res && res.new)} new, ${num(res && res.updated)} updated, ${num(res && res.unchanged)} unchanged.`);
      load();
    } catch (err) {
      detectMsg.replaceChildren(problemBox(err, 'Looking for re-emerged accounts (POST /v1/alerts/detect)'));
    } finally {
      detect.disabled = false;
    }
  } });
  main.replaceChildren(h('h1', { text: 'Alerts' }),
    h('p', { class: 'lede', text: 'Re-emergence: a new account uses the phone numbers, messaging or payment handles of an account that was removed or suspended.' }),
    h('p', null, detect, detectMsg),
    h('p', { class: 'check' }, showAll, h('label', { for: 'alerts-all', text: 'Show acknowledged alerts too' })), out);
  let loaded = 0;
  const load = async (cursor) => {
    const my = ++loaded;
    if (!cursor) out.replaceChildren(h('p', { class: 'loading', text: 'Loading the alerts…' }));
    let resp;
    try {
      resp = await request('/v1/alerts', { query: { limit: 50, cursor, status: showAll.checked ? '' : 'open' }, signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent() && my === loaded) out.replaceChildren(problemBox(err, 'The alerts (GET /v1/alerts)'));
      return;
    }
    if (!ctx.isCurrent() || my !== loaded) return;
    const list = items(resp, 'alerts');
    if (!cursor) {
      if (!list.length) {
        out.replaceChildren(notice(showAll.checked ? 'No alert.' : 'No open alert.'));
        mark('alerts');
        return;
      }
      out.replaceChildren(h('ol', { class: 'alerts', id: 'alerts' }));
    }
    const ol = out.querySelector('ol.alerts');
    for (const a of list) ol.append(alertItem(a));
    out.querySelector('.more')?.remove();
    if (resp && resp.next) out.append(h('button', { type: 'button', class: 'more', text: 'More alerts', onclick: () => load(resp.next) }));
    mark('alerts');
  };
  showAll.addEventListener('change', () => {
    history.replaceState(null, '', '#/alerts' + (showAll.checked ? '?status=all' : ''));
    load();
  });
  await load();
}

function accountOf(x) {
  if (!x) return null;
  if (typeof x === 'string') return { id: x };
  return x.id ? x : null;
}

function alertItem(a) {
  const id = a.id || '';
  const li = h('li', { class: 'alert' + (alertAcked(a) ? ' acked' : ''), dataset: { id } });
  const acct = accountOf(a.account || a.account_id);
  const removed = (Array.isArray(a.removed) ? a.removed : []).map(accountOf).filter(Boolean);
  const idents = Array.isArray(a.identifiers) ? a.identifiers : [];
  const clusters = Array.isArray(a.clusters) ? a.clusters : [];
  const head = h('p', { class: 'alert-head' }, badge('re-emergence', 'alert-kind'), ' ',
    acct ? [entityLink(acct.id, acct.handle ? '@' + acct.handle : acct.id), acct.platform ? [' ', badge(acct.platform)] : '', ' ', statusBadge(acct.status)] : '',
    h('span', { class: 'muted', text: ' · detected ' }), time(a.detected_at || a.created_at));
  const text = a.message || a.summary || '';
  add(li, head, text ? ut('p', text) : '',
    acct && acct.since ? h('p', { class: 'small' }, 'First known ', time(acct.since), acct.name ? [' as ', ut('bdi', acct.name)] : '') : '',
    removed.length ? h('div', null, h('p', { class: 'small strong', text: `Shares identifiers with ${removed.length} account${removed.length === 1 ? '' : 's'} taken down:` }),
      h('ul', { class: 'removed-matches' }, removed.slice(0, 12).map((m) => h('li', null,
        entityLink(m.id, m.handle ? '@' + m.handle : m.id), m.platform ? [' ', badge(m.platform)] : '', ' ', statusBadge(m.status),
        m.removed_at ? [' ', h('span', { class: 'muted', text: m.removed_at_from === 'removed_at' ? 'removed ' : 'last active ' }), time(m.removed_at)] : '',
        Number.isFinite(m.days_after) ? h('span', { class: 'muted', text: ` · came back ${num(m.days_after, 1)} days later` }) : ''))),
      removed.length > 12 ? h('p', { class: 'muted small', text: `and ${removed.length - 12} more` }) : '') : '',
    idents.length ? h('p', { class: 'small' }, 'Identifiers: ', idents.slice(0, 10).map((x, i) => [i ? ', ' : '',
      h('a', { href: '#/search?by=identifier&q=' + encodeURIComponent(x.value || String(x.key || x).replace(/^[a-z_]+:/, '')), class: 'ut', dir: 'auto', text: x.value || x.key || String(x) })])) : '',
    clusters.length ? h('p', { class: 'small' }, 'Networks: ', clusters.map((c, i) => [i ? ', ' : '', h('a', { href: viewHref('network', c), class: 'ut', dir: 'auto', text: c })])) : '');
  if (alertAcked(a)) {
    add(li, h('p', { class: 'small' }, badge('acknowledged', 'acked'), a.acknowledged_by ? ' by ' + a.acknowledged_by : '', ' ', a.acknowledged_at ? time(a.acknowledged_at) : '',
      a.note ? [' — ', ut('span', a.note)] : ''));
    return li;
  }
  if (!id) return li;
  const note = h('input', { type: 'text', class: 'ack-note', dir: 'auto', 'aria-label': 'Note (optional)', placeholder: 'Note (optional)' });
  const ack = h('button', { type: 'submit', class: 'ack', text: 'Acknowledge' });
  const form = h('form', { class: 'inline-form ack-form' }, note, ack);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    ack.disabled = true;
    try {
      const r = await request(path`/v1/alerts/${id}/ack`, { method: 'POST', body: note.value.trim() ? { note: note.value.trim() } : undefined });
      const updated = r && typeof r === 'object' && r.id ? r : { ...a, status: 'acknowledged' };
      li.replaceWith(alertItem(updated));
    } catch (err) {
      ack.disabled = false;
      form.after(problemBox(err, 'Acknowledging the alert'));
    }
  });
  add(li, form);
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
