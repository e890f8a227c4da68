// One account (or page): profile, identifiers, linked accounts with their
// evidence paths, and a timeline of posts. And the search.

import { request, path, items } from '/assets/api.js';
import {
  h, ut, entityLink, problemBox, notice, time, num, badge, statusBadge, facts, section, labelled, select,
} from '/assets/dom.js';
import { mark } from '/assets/state.js';

function safeURL(u) {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch { return ''; }
}

function identifierSearchHref(value) {
  return '#/search?by=identifier&q=' + encodeURIComponent(value);
}

// renderEntity shows an account (kind "account") or a page.
export async function renderEntity(ctx, id, kind) {
  const { main } = ctx;
  const base = kind === 'page' ? '/v1/pages/' : '/v1/accounts/';
  let v;
  try {
    v = await request(base + encodeURIComponent(id), { signal: ctx.signal });
  } catch (err) {
    if (!ctx.isCurrent()) return;
    main.replaceChildren(h('h1', null, kind === 'page' ? 'Page ' : 'Account ', ut('span', id)), problemBox(err));
    return;
  }
  if (!ctx.isCurrent()) return;
  const title = v.handle || v.name || v.id || id;
  document.title = `${title} · Takedown`;
  const linkedBox = h('div', { id: 'linked-holder' });
  main.replaceChildren(
    h('div', { class: 'entity-head', id: 'profile', dataset: { id: v.id || id } },
      h('h1', null, ut('span', title, { class: 'entity-title' }), ' ', badge(v.platform || 'unknown platform', 'platform'), ' ', statusBadge(v.status)),
      v.name && v.handle ? ut('p', v.name, { class: 'entity-name' }) : '',
      v.bio ? ut('p', v.bio, { class: 'bio' }) : ''),
    h('div', { class: 'entity-grid' },
      h('div', null, profileSection(v), identifiersSection(v), linkCountsSection(v)),
      h('div', null, kind === 'page' ? '' : section('Linked accounts', { id: 'linked', class: 'card' }, linkedBox),
        timelineSection(v))));
  mark(kind);
  if (kind !== 'page') await linkedAccounts(ctx, v.id || id, linkedBox, title);
}

function profileSection(v) {
  const url = v.url ? safeURL(v.url) : '';
  return section('Profile', { id: 'profile-facts', class: 'card' }, facts([
    ['Id', ut('span', v.id)],
    ['Kind', v.kind],
    ['Handle', v.handle ? ut('span', v.handle) : ''],
    ['Name', v.name ? ut('span', v.name) : ''],
    ['Platform', v.platform],
    ['Status', statusBadge(v.status)],
    ['Followers', v.followers ? num(v.followers) : ''],
    ['Members', v.members ? num(v.members) : ''],
    ['Created', v.created_at ? time(v.created_at) : ''],
    ['First seen', v.first_seen ? time(v.first_seen) : ''],
    ['Last seen', v.last_seen ? time(v.last_seen) : ''],
    ['Sources', Array.isArray(v.sources) && v.sources.length ? ut('span', v.sources.join(', ')) : ''],
    ['Address', url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'ut', dir: 'auto', text: v.url }) : (v.url ? ut('span', v.url) : '')],
    ['Placeholder', v.placeholder ? 'known only because something named it' : ''],
  ]));
}

function identifiersSection(v) {
  const list = Array.isArray(v.identifiers) ? v.identifiers : [];
  const sec = section('Identifiers', { id: 'identifiers', class: 'card' });
  if (!list.length) { sec.append(notice('No identifier is known for this account.')); return sec; }
  sec.append(h('table', { class: 'compact identifiers' },
    h('thead', null, h('tr', null, ['Kind', 'Value', 'Seen', 'Valid'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, list.map((i) => h('tr', { dataset: { kind: i.kind || '', value: i.value || '' } },
      h('td', { text: i.kind || '' }),
      h('td', null, h('a', { href: identifierSearchHref(i.value || ''), class: 'ut', dir: 'auto', text: i.value || '', title: 'Find every account that uses it' })),
      h('td', null, ut('span', (Array.isArray(i.seen) ? i.seen : []).join(', ') || (i.via ? 'via ' + i.via : ''))),
      h('td', { text: i.valid === false ? 'no' + (i.reason ? ': ' + i.reason : '') : 'yes' }))))));
  return sec;
}

function linkCountsSection(v) {
  const lc = v.link_counts && typeof v.link_counts === 'object' ? Object.entries(v.link_counts) : [];
  if (!lc.length) return '';
  return section('Links', { id: 'links', class: 'card' }, h('table', { class: 'compact' },
    h('thead', null, h('tr', null, ['Kind', 'Out', 'In'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody', null, lc.map(([k, c]) => h('tr', null, h('td', { text: k.replace(/_/g, ' ') }),
      h('td', { class: 'num', text: num(c && c.out) }), h('td', { class: 'num', text: num(c && c.in) }))))));
}

function timelineSection(v) {
  const posts = (Array.isArray(v.posts) ? v.posts : []).slice()
    .sort((a, b) => String(b.posted_at || '').localeCompare(String(a.posted_at || '')));
  const sec = section(`Posts (${posts.length})`, { id: 'timeline', class: 'card' });
  if (!posts.length) { sec.append(notice('No post of this account is known.')); return sec; }
  sec.append(h('ol', { class: 'timeline' }, posts.map((p) => h('li', { dataset: { id: p.id || '' } },
    h('p', { class: 'post-meta' }, time(p.posted_at), ' ', p.status && p.status !== 'active' ? statusBadge(p.status) : '',
      p.page ? [' in ', entityLink(p.page, p.page, 'page')] : '',
      Array.isArray(p.media) && p.media.length ? h('span', { class: 'muted', text: ` · ${p.media.length} media` }) : ''),
    ut('p', p.text || '', { class: 'post-text' })))));
  return sec;
}

async function linkedAccounts(ctx, id, box, title) {
  const depth = select([['1', '1 step'], ['2', '2 steps'], ['3', '3 steps']], '2', { id: 'linked-depth' });
  const out = h('div', { 'aria-live': 'polite' });
  box.replaceChildren(h('p', { class: 'muted small' }, 'Accounts tied to ', ut('bdi', title), ' by evidence. Follow one to walk the network.'),
    h('div', { class: 'inline-form' }, labelled('Within', depth)), out);
  const load = async () => {
    out.replaceChildren(h('p', { class: 'loading', text: 'Finding linked accounts…' }));
    let res;
    try {
      res = await request(path`/v1/accounts/${id}/linked`, { query: { depth: depth.value }, signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent()) out.replaceChildren(problemBox(err));
      return;
    }
    if (!ctx.isCurrent()) return;
    const accounts = Array.isArray(res && res.accounts) ? res.accounts : [];
    const names = new Map([[id, title]]);
    for (const a of accounts) names.set(a.id, a.handle || a.id);
    const name = (x) => names.get(x) || x;
    if (!accounts.length) { out.replaceChildren(notice('No account is tied to this one.')); return; }
    const list = h('ol', { class: 'linked', id: 'linked-list' }, accounts.map((a) => h('li', { dataset: { id: a.id } },
      h('p', { class: 'linked-head' }, entityLink(a.id, a.handle || a.id), ' ', badge(a.platform || ''), ' ', statusBadge(a.status),
        h('span', { class: 'muted', text: ` · ${a.depth} step${a.depth === 1 ? '' : 's'} · strength ${num(a.strength, 2)}` })),
      h('ol', { class: 'paths' }, (Array.isArray(a.paths) ? a.paths : []).map((p) => h('li', null,
        (Array.isArray(p.steps) ? p.steps : []).map((s, i) => h('span', { class: 'step' },
          i ? ' → ' : '', ut('bdi', name(s.from)), ' ', ut('span', s.text || s.evidence || 'tied to', { class: 'step-text' }), ' ', ut('bdi', name(s.to))))))))));
    out.replaceChildren(list);
    const notes = [];
    if (res.truncated) notes.push(`The walk stopped early; ${num(res.total)} accounts in all.`);
    else if (res.total > accounts.length) notes.push(`${num(accounts.length)} of ${num(res.total)} shown.`);
    if (Array.isArray(res.hubs) && res.hubs.length) notes.push(`${res.hubs.length} hub identifier(s) or page(s) too widely shared to follow.`);
    if (notes.length) out.append(h('p', { class: 'muted small', text: notes.join(' ') }));
    mark('linked');
  };
  depth.addEventListener('change', load);
  await load();
}

// ---------- Search ----------

// looksLikeIdentifier is true for what is searched as an identifier (a
// phone number in any script, a link, an e-mail address, a payment or
// wallet id) rather than as a handle or a name.
export function looksLikeIdentifier(q) {
  const s = q.trim();
  if (!s) return false;
  const digits = (s.match(/\p{Nd}/gu) || []).length;
  if (digits >= 6 && /^[\p{Nd}\s+()./\-–]+$/u.test(s)) return true;
  if (/^(https?:\/\/|www\.)/i.test(s) || /^[\w-]+(\.[\w-]+)+\/\S*/.test(s)) return true;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return true;
  if (/^[A-Z]{2}\d{2}[A-Z0-9 ]{10,}$/i.test(s.replace(/\s+/g, ' '))) return true;
  if (/^(bc1|0x|T)[A-Za-z0-9]{25,}$/.test(s) || /^[13][A-HJ-NP-Za-km-z1-9]{25,34}$/.test(s)) return true;
  return /^[a-z_]+:\S+$/.test(s) && /^(phone|email|url|messaging|payment|crypto|image_hash):/.test(s);
}

export async function renderSearch(ctx, params) {
  const { main } = ctx;
  const q = params.get('q') || '';
  const by = params.get('by') || 'auto';
  const input = h('input', { type: 'search', id: 'q', name: 'q', value: q, autocomplete: 'off', spellcheck: 'false', required: true });
  const mode = select([['auto', 'Guess from what I type'], ['name', 'Handle or name'], ['identifier', 'Phone, link, e-mail or payment id']], by, { id: 'search-by', name: 'by' });
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Search accounts' },
    labelled('Handle, name, phone number or link', input, 'field grow'), labelled('Search by', mode), h('button', { type: 'submit', text: 'Search' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const qs = new URLSearchParams({ q: input.value.trim() });
    if (mode.value !== 'auto') qs.set('by', mode.value);
    location.hash = '#/search?' + qs.toString();
  });
  const out = h('div', { id: 'search-results', 'aria-live': 'polite' });
  main.replaceChildren(h('h1', { text: 'Search' }),
    h('p', { class: 'lede', text: 'Phone numbers match in any spelling: +44 7700 900123, 07700900123 and ٠٧٧٠٠٩٠٠١٢٣ are the same number.' }),
    form, out);
  if (!q.trim()) { input.focus(); return; }
  const asIdentifier = by === 'identifier' || (by === 'auto' && looksLikeIdentifier(q));
  const query = asIdentifier ? { identifier: q.trim() } : { q: q.trim() };
  out.replaceChildren(h('p', { class: 'loading', text: 'Searching…' }));
  const table = h('table', { class: 'results', id: 'results' },
    h('caption', { text: asIdentifier ? 'Accounts that use this identifier (any spelling)' : 'Accounts whose handle or name starts with these words' }),
    h('thead', null, h('tr', null, ['Account', 'Name', 'Platform', 'Status', 'Followers', 'Created'].map((t) => h('th', { scope: 'col', text: t })))),
    h('tbody'));
  let first = true;
  const load = async (cursor) => {
    let resp;
    try {
      resp = await request('/v1/accounts', { query: { ...query, limit: 50, cursor }, signal: ctx.signal });
    } catch (err) {
      if (ctx.isCurrent()) out.replaceChildren(problemBox(err));
      return;
    }
    if (!ctx.isCurrent()) return;
    const list = items(resp, 'accounts');
    if (first) {
      first = false;
      if (!list.length) {
        out.replaceChildren(notice(asIdentifier ? 'No account uses this identifier.' : 'No account matches.'));
        mark('search');
        return;
      }
      out.replaceChildren(table);
    }
    const tbody = table.querySelector('tbody');
    for (const a of list) {
      tbody.append(h('tr', { dataset: { id: a.id } },
        h('td', null, entityLink(a.id, a.handle || a.id, a.kind)),
        h('td', null, ut('span', a.name || '')),
        h('td', { text: a.platform || '' }),
        h('td', null, statusBadge(a.status)),
        h('td', { class: 'num', text: a.followers ? num(a.followers) : '—' }),
        h('td', null, time(a.created_at))));
    }
    out.querySelector('.more')?.remove();
    if (resp && resp.next) out.append(h('button', { type: 'button', class: 'more', text: 'More results', onclick: () => load(resp.next) }));
    mark('search');
  };
  await load();
}

