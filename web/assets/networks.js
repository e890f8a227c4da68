// The ranked networks and one network: its graph, score explanation,
// evidence, takedown plan and referrals.

import { request, path, items } from '/assets/api.js';
import {
  h, add, ut, viewHref, entityLink, problemBox, notice, time, num, badge, tierBadge, statusBadge, facts,
  section, humanize, labelled, select,
} from '/assets/dom.js';
import { highlighted } from '/assets/text.js';
import { draw, PLATFORM_COLORS, nonBlankPixels } from '/assets/graph.js';
import { test, mark } from '/assets/state.js';
import { exportButtons } from '/assets/workflow.js';

const TIERS = ['top', 'high', 'medium', 'low'];
const PLATFORMS = Object.keys(PLATFORM_COLORS);

function platformChips(list) {
  return h('span', { class: 'chips' }, (list || []).map((p) =>
    h('span', { class: 'chip', dataset: { platform: p } }, h('span', { class: 'dot dot-' + p.replace(/[^a-z]/g, ''), 'aria-hidden': 'true' }), p)));
}

// ---------- The ranking ----------

export async function renderNetworks(ctx, params) {
  const { main } = ctx;
  const state = { tier: params.get('tier') || '', platform: params.get('platform') || '', min: params.get('min_score') || '' };
  const tier = select([['', 'All tiers'], ...TIERS.map((t) => [t, t])], state.tier, { name: 'tier' });
  const platform = select([['', 'All platforms'], ...PLATFORMS.map((p) => [p, p])], state.platform, { name: 'platform' });
  const min = h('input', { type: 'number', name: 'min_score', min: '0', max: '1', step: '0.05', value: state.min, inputmode: 'decimal' });
  const holder = h('div', { id: 'ranking-holder', 'aria-live': 'polite' });
  const runNote = h('p', { class: 'muted', id: 'run-note' });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the networks' },
    labelled('Tier', tier), labelled('Platform', platform), labelled('Minimum score', min),
    h('button', { type: 'submit', text: 'Apply' }));
  const apply = (e) => {
    if (e) e.preventDefault();
    state.tier = tier.value; state.platform = platform.value; state.min = min.value;
    const q = new URLSearchParams();
    if (state.tier) q.set('tier', state.tier);
    if (state.platform) q.set('platform', state.platform);
    if (state.min) q.set('min_score', state.min);
    const qs = q.toString();
    // The filters change the address without re-rendering the view, so
    // the focus stays on the control.
    history.replaceState(null, '', '#/networks' + (qs ? '?' + qs : ''));
    load();
  };
  form.addEventListener('submit', apply);
  tier.addEventListener('change', apply);
  platform.addEventListener('change', apply);
  main.replaceChildren(h('h1', { text: 'Networks' }),
    h('p', { class: 'lede', text: 'Networks found by the latest analysis, highest score first. The top tier comes first for referral.' }),
    form, runNote, holder);

  let loaded = 0;
  async function load(cursor) {
    const my = ++loaded;
    if (!cursor) holder.replaceChildren(h('p', { class: 'loading', text: 'Loading the ranking…' }));
    let resp;
    try {
      resp = await request('/v1/clusters', { query: { limit: 50, cursor, tier: state.tier, platform: state.platform, min_score: state.min }, signal: ctx.signal });
    } catch (err) {
      if (!ctx.isCurrent() || my !== loaded) return;
      holder.replaceChildren(problemBox(err, 'The ranking (GET /v1/clusters)'));
      return;
    }
    if (!ctx.isCurrent() || my !== loaded) return;
    const list = items(resp, 'clusters');
    runNote.replaceChildren(resp && resp.run ? add(h('span'), 'From analysis run ', h('a', { href: viewHref('analysis', resp.run), text: resp.run }), '.') : '');
    if (!cursor) {
      if (!list.length) {
        holder.replaceChildren(resp && resp.run
          ? notice('No network matches these filters.')
          : add(h('div', { class: 'empty' }), notice('No analysis has been run yet, so there is no ranking.'),
            h('a', { class: 'button', href: '#/analysis', text: 'Start an analysis' })));
        return;
      }
      holder.replaceChildren(rankingTable(list));
    } else {
      const tbody = holder.querySelector('tbody');
      for (const c of list) tbody.append(rankingRow(c));
    }
    holder.querySelector('.more')?.remove();
    if (resp && resp.next) {
      holder.append(h('button', { type: 'button', class: 'more', text: 'Show more networks', onclick: () => load(resp.next) }));
    }
    mark('ranking');
  }
  await load();
}

function rankingTable(list) {
  return h('table', { id: 'ranking', class: 'ranking' },
    h('caption', { class: 'sr-only', text: 'Ranked networks' }),
    h('thead', null, h('tr', null, ['Rank', 'Network', 'Tier', 'Score', 'Size', 'Platforms', 'Last activity', 'Lineage']
      .map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, list.map(rankingRow)));
}

function rankingRow(c) {
  return h('tr', { class: 'tier-' + String(c.tier || 'none').replace(/[^a-z]/g, ''), dataset: { id: c.id, tier: c.tier || '' } },
    h('td', { class: 'num rank', text: c.rank ?? '—' }),
    h('td', null, h('a', { href: viewHref('network', c.id), class: 'network-link ut', dir: 'auto', text: c.id })),
    h('td', null, tierBadge(c.tier)),
    h('td', { class: 'num', text: num(c.score, 3) }),
    h('td', { class: 'num', text: num(c.size) }),
    h('td', null, platformChips(c.platforms)),
    h('td', null, time(c.last_activity)),
    h('td', null, c.lineage ? badge(typeof c.lineage === 'string' ? c.lineage : c.lineage.status || '', 'lineage') : '—'));
}

// ---------- One network ----------

export async function renderNetwork(ctx, id, params) {
  const { main } = ctx;
  const graphBox = h('div', { id: 'graph', class: 'graph', role: 'img', 'aria-label': 'Graph of the network' });
  const graphStatus = h('p', { class: 'loading graph-status', text: 'Drawing the network…' });
  const selection = h('div', { id: 'selection', class: 'selection', 'aria-live': 'polite' },
    h('p', { class: 'muted', text: 'Select a node or a link in the graph, or use “Show” in the members table.' }));
  const toolbar = h('div', { class: 'toolbar' });
  const h1 = h('h1', null, 'Network ', ut('span', id));
  const head = h('div', { class: 'network-head' }, h1);
  const side = h('div', { class: 'side' });
  const below = h('div', { class: 'below' });
  main.replaceChildren(head,
    h('div', { class: 'network-grid' },
      h('section', { class: 'graph-panel', 'aria-label': 'Graph' }, toolbar, graphBox, graphStatus, legend(), selection),
      side),
    below);
  test.cy = null;
  test.graphDrawn = false;

  const clusterP = request(path`/v1/clusters/${id}`, { signal: ctx.signal });
  const graphP = request(path`/v1/clusters/${id}/graph`, { signal: ctx.signal });
  clusterP.catch(() => {});
  graphP.catch(() => {});

  let cluster;
  try {
    cluster = await clusterP;
  } catch (err) {
    if (!ctx.isCurrent()) return;
    main.replaceChildren(h('h1', null, 'Network ', ut('span', id)), problemBox(err, 'The network (GET /v1/clusters/{id})'));
    return;
  }
  if (!ctx.isCurrent()) return;
  const members = Array.isArray(cluster.members) ? cluster.members : [];
  const byId = new Map(members.map((m) => [m.id, m]));
  const labelOf = (mid) => { const m = byId.get(mid); return (m && (m.handle || m.name)) || mid; };
  document.title = `Network ${id} · Takedown`;
  h1.replaceChildren('Network ', ut('span', cluster.id || id), ' ', tierBadge(cluster.tier));
  head.append(networkFacts(cluster));

  let drawing = null;
  const onSelect = (sel) => showSelection(selection, sel, byId);

  // Graph first: it is the slowest part, so the rest fills in meanwhile.
  const graphDone = (async () => {
    let view;
    try {
      view = await graphP;
    } catch (err) {
      if (ctx.isCurrent()) graphStatus.replaceWith(problemBox(err, 'The graph (GET /v1/clusters/{id}/graph)'));
      return;
    }
    if (!ctx.isCurrent()) return;
    mark('graph-data');
    const n = Array.isArray(view.nodes) ? view.nodes.length : 0;
    const e = Array.isArray(view.edges) ? view.edges.length : 0;
    graphBox.setAttribute('aria-label', `Graph of ${n} members and ${e} links; the members table below lists the same members.`);
    if (!n) {
      graphStatus.replaceWith(notice('This network has no drawing.'));
      return;
    }
    try {
      drawing = await draw(graphBox, view, onSelect);
    } catch (err) {
      if (ctx.isCurrent()) graphStatus.replaceWith(problemBox(err));
      return;
    }
    if (!ctx.isCurrent()) { drawing.cy.destroy(); return; }
    graphStatus.replaceChildren(`${num(n)} members, ${num(e)} links.`);
    graphStatus.className = 'muted graph-status';
    test.graphDrawn = true;
    test.graphPixels = () => nonBlankPixels(graphBox);
    mark('graph');
    ctx.onLeave(() => drawing.cy.destroy());
    toolbar.replaceChildren(
      h('button', { type: 'button', text: 'Fit to view', onclick: () => drawing.cy.fit(undefined, 24) }),
      labelsToggle(() => drawing),
      identifiersToggle(cluster, () => drawing));
  })();

  side.append(explanationSection(cluster), planSection(cluster, id, () => drawing, labelOf), referralSection(cluster, id));
  below.append(evidenceSection(cluster, labelOf), keyPlayersSection(cluster, labelOf),
    membersSection(members, (mid) => drawing && drawing.select(mid)), identifiersSection(cluster));
  await graphDone;
}

function networkFacts(c) {
  const lin = c.lineage_detail || (typeof c.lineage === 'object' ? c.lineage : null) || {};
  const linStatus = lin.status || (typeof c.lineage === 'string' ? c.lineage : '');
  const lineage = linStatus ? add(h('span'), badge(linStatus, 'lineage'),
    lin.from && lin.from.length ? [' from ', lin.from.map((f, i) => [i ? ', ' : '', h('a', { href: viewHref('network', f), class: 'ut', dir: 'auto', text: f })])] : '',
    Number.isFinite(lin.jaccard) && lin.jaccard ? ` (overlap ${num(lin.jaccard, 2)})` : '',
    Number.isFinite(lin.added) || Number.isFinite(lin.removed) ? ` · +${lin.added || 0} / −${lin.removed || 0} members` : '',
    lin.runs ? ` · seen in ${lin.runs} run${lin.runs === 1 ? '' : 's'}` : '') : '';
  return facts([
      ['Rank', c.rank != null ? String(c.rank) : ''],
      ['Score', num(c.score, 3)],
      ['Size', `${num(c.size)}${Number.isFinite(c.accounts) ? ` (${num(c.accounts)} accounts, ${num(c.pages || 0)} pages)` : ''}`],
      ['Platforms', platformChips(c.platforms)],
      ['Last activity', time(c.last_activity)],
      ['Lineage', lineage],
      ['Since', lin.since ? time(lin.since) : ''],
      ['Run', c.run ? h('a', { href: viewHref('analysis', c.run), text: c.run }) : ''],
  ], 'facts inline');
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    Object.keys(PLATFORM_COLORS).map((p) => h('li', null, h('span', { class: 'dot dot-' + p, 'aria-hidden': 'true' }), p)),
    h('li', null, h('span', { class: 'dot dot-other', 'aria-hidden': 'true' }), 'other'),
    h('li', null, h('span', { class: 'sym sym-removed', 'aria-hidden': 'true' }), '✕ removed or suspended (dashed)'),
    h('li', null, h('span', { class: 'sym sym-key', 'aria-hidden': 'true' }), 'key player (larger)'),
    h('li', null, h('span', { class: 'sym sym-page', 'aria-hidden': 'true' }), 'page, group or channel'),
    h('li', null, h('span', { class: 'sym sym-ident', 'aria-hidden': 'true' }), 'shared identifier'));
}

function showSelection(box, sel, byId) {
  if (!sel) {
    box.replaceChildren(h('p', { class: 'muted', text: 'Nothing selected.' }));
    return;
  }
  if (sel.edge) {
    const e = sel.edge;
    box.replaceChildren(h('h3', { text: 'Link' }), facts([
      ['Between', add(h('span'), entityLink(e.source, (byId.get(e.source) || {}).handle), ' and ', entityLink(e.target, (byId.get(e.target) || {}).handle))],
      ['Evidence', e.evidence || '—'],
      ['Weight', num(e.weight, 2)],
    ]));
    return;
  }
  const n = sel.node;
  if (n.kind === 'identifier') {
    box.replaceChildren(h('h3', { text: 'Shared identifier' }), facts([
      ['Kind', n.identKind || ''], ['Value', ut('span', n.label)],
      ['Find users', h('a', { href: '#/search?by=identifier&q=' + encodeURIComponent(n.label), text: 'Search this identifier' })],
    ]));
    return;
  }
  const m = byId.get(n.id) || {};
  box.replaceChildren(
    h('h3', null, ut('span', m.handle || m.name || n.label || n.id)),
    facts([
      ['Id', ut('span', n.id)],
      ['Name', m.name ? ut('span', m.name) : ''],
      ['Platform', n.platform || m.platform || ''],
      ['Kind', n.kind],
      ['Status', statusBadge(n.status || m.status)],
      ['Role', n.role || m.role || ''],
      ['PageRank', num(n.pagerank, 4)],
      ['Merged', n.merged && n.merged.length ? ut('span', n.merged.join(', ')) : ''],
    ]),
    entityLink(n.id, 'Open ' + (n.kind === 'page' ? 'page' : 'account') + ' ' + (m.handle || n.label || n.id), n.kind));
}

function labelsToggle(getDrawing) {
  const box = h('input', { type: 'checkbox', id: 'show-labels' });
  box.addEventListener('change', () => { const d = getDrawing(); if (d) d.showLabels(box.checked); });
  return h('span', { class: 'check' }, box, h('label', { for: 'show-labels', text: 'All names' }));
}

function identifiersToggle(cluster, getDrawing) {
  const list = (Array.isArray(cluster.identifiers) ? cluster.identifiers : [])
    .filter((i) => i && i.value && (i.count || 0) >= 2)
    .sort((a, b) => (b.count || 0) - (a.count || 0)).slice(0, 15);
  const box = h('input', { type: 'checkbox', id: 'show-identifiers' });
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
  const wrap = h('span', { class: 'check' }, box, h('label', { for: 'show-identifiers', text: 'Shared identifiers' }), ' ', status);
  if (!list.length) { box.disabled = true; status.textContent = '(none)'; return wrap; }
  let loaded = null;
  box.addEventListener('change', async () => {
    const d = getDrawing();
    if (!d) return;
    if (!box.checked) { d.showIdentifiers(false); status.textContent = ''; return; }
    if (!loaded) {
      status.textContent = 'loading…';
      loaded = (async () => {
        const out = [];
        const queue = list.slice();
        const worker = async () => {
          while (queue.length) {
            const it = queue.shift();
            try {
              const v = await request('/v1/identifiers', { query: { value: it.value, kind: it.kind } });
              out.push({ key: it.key || `${it.kind}:${it.value}`, kind: it.kind, value: it.value, users: (v.users || []).map((u) => u.id) });
            } catch { /* an identifier that cannot be read is left out */ }
          }
        };
        await Promise.all([worker(), worker(), worker()]);
        return d.addIdentifiers(out);
      })();
    }
    const added = await loaded;
    d.showIdentifiers(true);
    status.textContent = `(${added} shown)`;
  });
  return wrap;
}

// ---------- Score explanation ----------

function explanationSection(c) {
  const sec = section('Why this score', { id: 'explanation', class: 'card' });
  const ex = c.explanation;
  const factors = ex && Array.isArray(ex.factors) ? ex.factors : [];
  if (!factors.length) {
    const text = ex && (ex.text || ex.summary);
    sec.append(text ? ut('p', text) : notice('The score of this network comes with no breakdown.'));
    return sec;
  }
  // Bars share one scale, the largest share a factor can add; a penalty
  // larger than that fills its bar.
  const positive = factors.filter((f) => f.weight > 0 && (f.contribution || 0) >= 0);
  const scale = Math.max(1e-9, ...positive.map((f) => f.weight), ...positive.map((f) => f.contribution || 0));
  const list = h('ul', { class: 'factors' });
  for (const f of factors) {
    const contribution = Number(f.contribution) || 0;
    const negative = contribution < 0 || f.weight < 0;
    const fill = h('span', { class: 'bar-fill' + (negative ? ' negative' : '') });
    fill.style.width = Math.min(100, (100 * Math.abs(contribution)) / scale).toFixed(1) + '%';
    const track = h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill);
    if (!negative && f.weight > 0) {
      const cap = h('span', { class: 'bar-cap' });
      cap.style.width = Math.min(100, (100 * f.weight) / scale).toFixed(1) + '%';
      track.prepend(cap);
    }
    const label = `${humanize(f.name)}: contributes ${num(contribution, 3)}` +
      (negative ? '' : ` of a possible ${num(f.weight, 3)}`) + ` (normalised ${num(f.normalized, 2)}, raw ${num(f.raw, 2)})`;
    list.append(h('li', { class: 'factor', dataset: { factor: f.name || '' }, 'aria-label': label },
      h('span', { class: 'factor-name', text: humanize(f.name) }),
      track,
      h('span', { class: 'factor-value num', text: (contribution > 0 ? '+' : '') + num(contribution, 3) }),
      h('span', { class: 'factor-detail', text: `raw ${num(f.raw, 2)} · normalised ${num(f.normalized, 2)} · weight ${num(f.weight, 3)}` }),
      f.note ? ut('span', f.note, { class: 'factor-note' }) : ''));
  }
  sec.append(list, h('p', { class: 'muted small', text: `The bars add up to the score, ${num(c.score, 3)}. The pale part of a bar is what the factor could add at most.` }));
  return sec;
}

// ---------- Takedown plan ----------

function planSection(c, id, getDrawing, labelOf) {
  const sec = section('Takedown plan', { id: 'plan', class: 'card' });
  const size = Number.isFinite(c.size) ? c.size : 10;
  const k = h('input', { type: 'number', id: 'plan-k', min: '1', max: String(Math.max(1, Math.min(100, size))), value: String(Math.min(5, Math.max(1, size))), inputmode: 'numeric' });
  const out = h('div', { id: 'plan-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form' }, labelled('Accounts to remove (k)', k), h('button', { type: 'submit', text: 'Plan the takedown' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    out.replaceChildren(h('p', { class: 'loading', text: 'Planning…' }));
    let plan;
    try {
      plan = await request(path`/v1/clusters/${id}/plan`, { query: { k: k.value } });
    } catch (err) {
      out.replaceChildren(problemBox(err, 'The takedown plan (GET /v1/clusters/{id}/plan)'));
      return;
    }
    out.replaceChildren(planView(plan, labelOf));
    const d = getDrawing();
    if (d) d.mark(planRemoved(plan), 'planned');
  });
  sec.append(h('p', { class: 'muted small', text: 'The accounts whose removal splits the network most, in order; they are outlined in the graph.' }), form, out);
  return sec;
}

function planRemoved(plan) {
  if (Array.isArray(plan && plan.recommended)) return plan.recommended.map((n) => n.id).filter(Boolean);
  if (Array.isArray(plan && plan.removed)) return plan.removed;
  if (Array.isArray(plan && plan.steps)) return plan.steps.map((s) => s.node || s.id).filter(Boolean);
  return [];
}

function planView(plan, memberLabel) {
  const steps = Array.isArray(plan && plan.steps) ? plan.steps : [];
  const rec = new Map((Array.isArray(plan && plan.recommended) ? plan.recommended : []).map((n) => [n.id, n]));
  const labelOf = (nid) => (rec.get(nid) && rec.get(nid).handle) || memberLabel(nid);
  const frag = h('div');
  const down = Array.isArray(plan.already_down) ? plan.already_down.length : 0;
  if (down) frag.append(h('p', { class: 'muted small', text: `${num(down)} member${down === 1 ? ' is' : 's are'} already down and left out.` }));
  if (Number.isFinite(plan.largest_before) && Number.isFinite(plan.largest_after)) {
    frag.append(h('p', { class: 'plan-summary', text: `Largest connected group: ${num(plan.largest_before)} → ${num(plan.largest_after)} after ${num(steps.length || planRemoved(plan).length)} removal(s).` }));
  }
  if (steps.length) {
    frag.append(h('table', { class: 'compact' },
      h('thead', null, h('tr', null, ['#', 'Remove', 'Largest group', 'Reach left'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', null, steps.map((s, i) => h('tr', null,
        h('td', { class: 'num', text: s.step ?? i + 1 }),
        h('td', null, entityLink(s.node || s.id, labelOf(s.node || s.id)),
          rec.get(s.node) && rec.get(s.node).role ? h('span', { class: 'muted small', text: ' ' + rec.get(s.node).role }) : ''),
        h('td', { class: 'num', text: `${num(s.largest_before)} → ${num(s.largest_after)}` }),
        h('td', { class: 'num', text: num(s.reach_after) }))))));
  } else if (planRemoved(plan).length) {
    frag.append(h('ol', null, planRemoved(plan).map((r) => h('li', null, entityLink(r, labelOf(r))))));
  } else {
    frag.append(notice('Removing accounts would not split this network further.'));
  }
  const flag = Array.isArray(plan.flag) ? plan.flag : [];
  if (flag.length) {
    frag.append(h('h3', { text: 'Identifiers to flag to the platforms' }), h('ul', { class: 'flags' }, flag.map((f) =>
      h('li', null, badge(f.kind || 'identifier'), ' ', ut('span', f.value || f.key),
        Array.isArray(f.remaining_users) && f.remaining_users.length ? h('span', { class: 'muted', text: ` — still used by ${f.remaining_users.length}` }) : ''))));
  }
  return frag;
}

// ---------- Referrals ----------

function referralSection(c, id) {
  const sec = section('Refer to the platforms', { id: 'refer', class: 'card' });
  const platforms = Array.isArray(c.platforms) ? c.platforms : [];
  const out = h('div', { id: 'referral-result', 'aria-live': 'polite' });
  const members = Array.isArray(c.members) ? c.members : [];
  const buttons = h('div', { class: 'buttons' }, platforms.map((p) => {
    const n = members.filter((m) => m.platform === p).length;
    return h('button', { type: 'button', class: 'create-referral', dataset: { platform: p },
      text: `Create referral for ${p}${n ? ` (${n})` : ''}`,
      onclick: async (e) => {
        const btn = e.currentTarget;
        btn.disabled = true;
        out.replaceChildren(h('p', { class: 'loading', text: `Creating the ${p} referral…` }));
        try {
          const r = await request('/v1/referrals', { method: 'POST', body: { cluster: id, platform: p } });
          const rid = r && r.id;
          const a = (r && r.network && r.network.assessment) || {};
          out.replaceChildren(h('div', { class: 'created', id: 'referral-created', dataset: { id: rid || '' } },
            h('p', null, 'Referral ', rid ? h('a', { href: viewHref('referral', rid), class: 'ut', dir: 'auto', text: rid }) : '(no id)',
              ` to ${p} created`, r && r.status ? [' as ', r.status] : '',
              r && r.counts && Number.isFinite(r.counts.items) ? `, ${num(r.counts.items)} items` : '', '.'),
            a.referable === false ? h('p', { class: 'notice notice-warn', text: 'Not referable without a reason: ' + (a.reason || 'it may not be a smuggling network') + '.' }) : '',
            rid ? h('p', null, exportButtons(rid)) : ''));
        } catch (err) {
          out.replaceChildren(problemBox(err, 'Creating a referral (POST /v1/referrals)'));
        } finally {
          btn.disabled = false;
        }
      } });
  }));
  sec.append(platforms.length ? buttons : notice('This network lists no platform.'), out);
  return sec;
}

// ---------- Evidence, key players, members, identifiers ----------

function evidenceSection(c, labelOf) {
  const sec = section('Evidence', { id: 'evidence', class: 'card wide' });
  const ev = c.evidence && typeof c.evidence === 'object' ? c.evidence : {};
  const posts = Array.isArray(ev.posts) ? ev.posts : [];
  if (!posts.length) {
    sec.append(notice('No post or bio with indicators was kept for this network.'));
    return sec;
  }
  const cats = [...new Set(posts.flatMap((p) => (p.hits || []).map((x) => x.category)).filter(Boolean))];
  sec.append(h('ul', { class: 'legend hits-legend', 'aria-label': 'Indicator categories' },
    cats.map((cat) => h('li', null, h('mark', { class: 'hit hit-' + cat.replace(/[^a-z_]/g, ''), text: humanize(cat) })))));
  const list = h('ol', { class: 'evidence-posts' });
  for (const p of posts) {
    const flags = [p.advert ? badge('advert', 'advert') : '', p.discussion ? badge('discussion', 'discussion') : '', p.bio ? badge('bio') : ''];
    list.append(h('li', { class: 'evidence-post', dataset: { post: p.post_id || '' } },
      h('p', { class: 'post-meta' }, entityLink(p.author, labelOf(p.author)), ' ', flags,
        p.post_id ? h('span', { class: 'muted ut', dir: 'auto', text: ' ' + p.post_id }) : ''),
      add(h('p', { class: 'ut post-text', dir: 'auto' }), highlighted(p.text || '', p.hits))));
  }
  sec.append(list);
  return sec;
}

function keyPlayersSection(c, labelOf) {
  const kp = Array.isArray(c.key_players) ? c.key_players : [];
  const sec = section('Key players', { id: 'key-players', class: 'card' });
  if (!kp.length) { sec.append(notice('No key player was singled out.')); return sec; }
  sec.append(h('table', { class: 'compact' },
    h('thead', null, h('tr', null, ['Account', 'Role', 'PageRank', 'Betweenness', 'Cut vertex'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, kp.map((k) => h('tr', null,
      h('td', null, entityLink(k.id, k.handle || labelOf(k.id))),
      h('td', { text: k.role || '' }),
      h('td', { class: 'num', text: num(k.pagerank, 4) }),
      h('td', { class: 'num', text: num(k.betweenness, 2) }),
      h('td', { text: k.articulation ? 'yes' : 'no' }))))));
  return sec;
}

function membersSection(members, show) {
  const sec = section(`Members (${members.length})`, { id: 'members', class: 'card wide' });
  const order = { 'key player': 0, bridge: 1 };
  const sorted = members.slice().sort((a, b) => (order[a.role] ?? 2) - (order[b.role] ?? 2) || String(a.handle || a.id).localeCompare(String(b.handle || b.id)));
  sec.append(h('div', { class: 'scroll' }, h('table', { class: 'members' },
    h('thead', null, h('tr', null, ['Member', 'Name', 'Platform', 'Status', 'Role', 'Last activity', ''].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, sorted.map((m) => h('tr', { dataset: { id: m.id } },
      h('td', null, entityLink(m.id, m.handle || m.name || m.id, m.kind)),
      h('td', null, ut('span', m.name || '')),
      h('td', null, h('span', { class: 'dot dot-' + String(m.platform || 'other').replace(/[^a-z]/g, ''), 'aria-hidden': 'true' }), m.platform || ''),
      h('td', null, statusBadge(m.status)),
      h('td', { text: m.role || '' }),
      h('td', null, time(m.last_activity)),
      h('td', null, h('button', { type: 'button', class: 'link', 'aria-label': 'Show ' + (m.handle || m.id) + ' in the graph', text: 'Show', onclick: () => show(m.id) }))))))));
  return sec;
}

function identifiersSection(c) {
  const ids = Array.isArray(c.identifiers) ? c.identifiers : [];
  const sec = section('Shared identifiers', { id: 'identifiers', class: 'card' });
  if (!ids.length) { sec.append(notice('No identifier is shared by two members.')); return sec; }
  sec.append(h('table', { class: 'compact' },
    h('thead', null, h('tr', null, ['Kind', 'Value', 'Members', 'Advertised'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, ids.map((i) => h('tr', null,
      h('td', { text: i.kind || '' }),
      h('td', null, h('a', { href: '#/search?by=identifier&q=' + encodeURIComponent(i.value || ''), class: 'ut', dir: 'auto', text: i.value || i.key })),
      h('td', { class: 'num', text: num(i.count ?? i.users) }),
      h('td', { text: i.public ? 'yes' : 'no' }))))));
  return sec;
}

