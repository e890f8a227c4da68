// Building the page: elements, user text, problems and formats. User text
// is only ever set as text, never parsed as HTML.

import { ApiError } from '/assets/api.js';

// h makes an element. props: class, text, dataset, on<event> handlers, and
// attributes (true for a bare attribute; null, undefined and false leave it
// out). Children are nodes, strings, numbers or arrays of them.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'value' && 'value' in el) el.value = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  add(el, children);
  return el;
}

// add appends children to el.
export function add(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// ut is an element of user text: its direction follows its own content
// (Arabic, Persian and Kurdish read right to left in place) and long words
// wrap anywhere.
export function ut(tag, text, props = {}) {
  const cls = props.class ? 'ut ' + props.class : 'ut';
  return h(tag, { ...props, class: cls, dir: 'auto', text: text == null ? '' : String(text) });
}

// href of an in-page view; ids are percent-encoded.
export function viewHref(view, id) {
  return '#/' + view + (id === undefined ? '' : '/' + encodeURIComponent(id));
}

// entityLink links to an account (or a page) by id, showing label.
export function entityLink(id, label, kind) {
  const view = kind === 'page' || /^(fb:(group|page)\/|tg:channel\/|yt:channel\/)/.test(id || '') ? 'page' : 'account';
  return h('a', { href: viewHref(view, id), class: 'ut entity-link', dir: 'auto', dataset: { id } }, label || id);
}

const notAvailable = 'this server does not offer it yet';

// problemBox shows an error: the problem document's title and detail, and
// its status, code and request id to quote.
export function problemBox(err, what) {
  const box = h('div', { class: 'problem', role: 'alert' });
  if (err instanceof ApiError) {
    if (err.missingRoute) {
      add(box, h('p', { class: 'problem-title', text: err.title }),
        h('p', { class: 'problem-detail', text: (what ? what + ': ' : '') + notAvailable + ' (“' + err.detail + '”).' }));
      return box;
    }
    add(box, h('p', { class: 'problem-title', text: err.title }));
    if (err.detail && err.detail !== err.title) add(box, ut('p', err.detail, { class: 'problem-detail' }));
    if (err.problems.length) {
      add(box, h('ul', { class: 'problem-list' }, err.problems.slice(0, 10).map((p) =>
        ut('li', [p.line ? 'line ' + p.line : '', p.field, p.reason || p.message].filter(Boolean).join(': ')))));
    }
    const meta = [err.status ? 'HTTP ' + err.status : '', err.code, err.requestId ? 'request id ' + err.requestId : ''].filter(Boolean);
    if (meta.length) add(box, h('p', { class: 'problem-meta', text: meta.join(' · ') }));
    return box;
  }
  add(box, h('p', { class: 'problem-title', text: 'Something went wrong on this page' }),
    h('p', { class: 'problem-detail', text: err && err.message ? err.message : String(err) }));
  return box;
}

// notice is a short message in a live region.
export function notice(text, kind = 'info') {
  return h('p', { class: 'notice notice-' + kind, role: 'status', text });
}

// time shows an ISO time as "2026-10-30 11:34 UTC", or a dash.
export function time(iso) {
  if (!iso) return h('span', { class: 'muted', text: '—' });
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() <= 1) return h('span', { class: 'muted', text: '—' });
  return h('time', { datetime: d.toISOString(), text: fmtTime(d) });
}

export function fmtTime(d) {
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

// num formats a number with digits decimals, or a dash.
export function num(v, digits = 0) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// badge is a small label; tier and status badges have their own colours.
export function badge(text, cls = '') {
  return h('span', { class: ('badge ' + cls).trim(), text });
}

export function tierBadge(tier) {
  const t = tier || 'unranked';
  return badge(t === 'top' ? 'TOP' : t, 'tier tier-' + t.replace(/[^a-z]/g, ''));
}

export function statusBadge(status) {
  const s = status || 'unknown';
  return badge(s, 'status status-' + s.replace(/[^a-z]/g, ''));
}

// facts is a description list of [term, value] pairs; empty values are
// left out.
export function facts(pairs, cls = 'facts') {
  const dl = h('dl', { class: cls });
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) continue;
    add(dl, h('div', null, h('dt', { text: k }), h('dd', null, v)));
  }
  return dl;
}

// section is a titled part of a view.
export function section(title, props = {}, ...children) {
  const id = props.id ? props.id + '-title' : undefined;
  return h('section', { ...props, 'aria-labelledby': id }, h('h2', { id, text: title }), ...children);
}

// humanize turns an identifier such as "cross_platform" into words.
export function humanize(s) {
  const t = String(s || '').replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

let uid = 0;
// nextId is a unique element id for labels.
export function nextId(prefix) { uid += 1; return prefix + '-' + uid; }

// labelled is a <label for> and its control.
export function labelled(text, control, cls = 'field') {
  if (!control.id) control.id = nextId('f');
  return h('div', { class: cls }, h('label', { for: control.id, text }), control);
}

// select makes a <select> of [value, text] options with value selected.
export function select(options, value, props = {}) {
  const el = h('select', props);
  for (const [v, t] of options) el.append(h('option', { value: v, text: t }));
  el.value = value || '';
  return el;
}
