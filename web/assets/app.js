// The investigators' page: sign-in and the routing of views by the URL's
// fragment (#/networks, #/network/ID, #/account/ID, #/page/ID,
// #/search?q=, #/referrals, #/referral/ID, #/alerts, #/analysis,
// #/analysis/RUN).

import { token, request, onUnauthorized } from '/assets/api.js';
import { h, problemBox } from '/assets/dom.js';
import { mark } from '/assets/state.js';
import { renderNetworks, renderNetwork } from '/assets/networks.js';
import { renderEntity, renderSearch } from '/assets/account.js';
import { renderReferrals, renderReferral, renderAlerts, renderAnalysis, renderRun } from '/assets/workflow.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signout = document.getElementById('signout');

function decode(s) {
  try { return decodeURIComponent(s); } catch { return s; }
}

// Views: a pattern of the fragment's path, its navigation entry and title.
const views = [
  { re: /^\/networks\/?$/, nav: 'networks', title: 'Networks', run: (ctx, m, q) => renderNetworks(ctx, q) },
  { re: /^\/network\/(.+)$/, nav: 'networks', title: 'Network', run: (ctx, m, q) => renderNetwork(ctx, decode(m[1]), q) },
  { re: /^\/account\/(.+)$/, nav: '', title: 'Account', run: (ctx, m) => renderEntity(ctx, decode(m[1]), 'account') },
  { re: /^\/page\/(.+)$/, nav: '', title: 'Page', run: (ctx, m) => renderEntity(ctx, decode(m[1]), 'page') },
  { re: /^\/search\/?$/, nav: 'search', title: 'Search', run: (ctx, m, q) => renderSearch(ctx, q) },
  { re: /^\/referrals\/?$/, nav: 'referrals', title: 'Referrals', run: (ctx, m, q) => renderReferrals(ctx, q) },
  { re: /^\/referral\/(.+)$/, nav: 'referrals', title: 'Referral', run: (ctx, m) => renderReferral(ctx, decode(m[1])) },
  { re: /^\/alerts\/?$/, nav: 'alerts', title: 'Alerts', run: (ctx, m, q) => renderAlerts(ctx, q) },
  { re: /^\/analysis\/?$/, nav: 'analysis', title: 'Analysis', run: (ctx) => renderAnalysis(ctx) },
  { re: /^\/analysis\/(.+)$/, nav: 'analysis', title: 'Analysis run', run: (ctx, m) => renderRun(ctx, decode(m[1])) },
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/networks';
  const i = raw.indexOf('?');
  return { path: i < 0 ? raw : raw.slice(0, i), query: new URLSearchParams(i < 0 ? '' : raw.slice(i + 1)) };
}

let generation = 0;
let current = null; // { abort, leave: [] }
let signInNote = '';

function leaveView() {
  if (!current) return;
  current.abort.abort();
  for (const fn of current.leave) { try { fn(); } catch { /* already gone */ } }
  current = null;
}

async function route() {
  const my = ++generation;
  leaveView();
  const abort = new AbortController();
  const state = { abort, leave: [] };
  current = state;
  if (!token.get()) {
    showSignIn();
    return;
  }
  nav.hidden = false;
  signout.hidden = false;
  const { path, query } = parseHash();
  let view = null;
  let m = null;
  for (const v of views) {
    m = v.re.exec(path);
    if (m) { view = v; break; }
  }
  for (const a of nav.querySelectorAll('a[data-nav]')) {
    if (view && a.dataset.nav === view.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!view) {
    main.replaceChildren(h('h1', { text: 'No such page' }),
      h('p', null, 'Nothing is shown at this address. ', h('a', { href: '#/networks', text: 'Go to the networks' }), '.'));
    focusHeading();
    return;
  }
  document.title = `${view.title} · Takedown`;
  main.replaceChildren(h('p', { class: 'loading', text: 'Loading…' }));
  const ctx = {
    main,
    signal: abort.signal,
    isCurrent: () => my === generation,
    onLeave: (fn) => { if (my === generation) state.leave.push(fn); else fn(); },
  };
  const rendering = view.run(ctx, m, query);
  // Headings appear before the slower parts of a view have loaded.
  queueMicrotask(() => { if (ctx.isCurrent()) focusHeading(); });
  try {
    await rendering;
  } catch (err) {
    if (!ctx.isCurrent() || (err && err.name === 'AbortError')) return;
    main.replaceChildren(h('h1', { text: view.title }), problemBox(err));
  }
}

// focusHeading moves the focus to the view's heading, so that screen
// readers announce the new view and the keyboard starts from it.
function focusHeading() {
  const h1 = main.querySelector('h1');
  if (!h1) return;
  h1.tabIndex = -1;
  h1.focus({ preventScroll: true });
}

function showSignIn() {
  nav.hidden = true;
  signout.hidden = true;
  document.title = 'Sign in · Takedown';
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false',
    required: true, 'aria-describedby': 'token-help' });
  const message = h('div', { id: 'signin-message', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', text: 'Sign in' });
  const form = h('form', { id: 'signin', class: 'signin' },
    h('div', { class: 'field' }, h('label', { for: 'token', text: 'API token' }), input),
    h('p', { id: 'token-help', class: 'muted small', text: 'An administrator gives you a token. It is kept in this browser tab only, and forgotten when the tab closes.' }),
    button, message);
  if (signInNote) {
    message.replaceChildren(h('p', { class: 'notice notice-warn', role: 'alert', text: signInNote }));
    signInNote = '';
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) return;
    button.disabled = true;
    message.replaceChildren(h('p', { class: 'loading', text: 'Checking the token…' }));
    try {
      await request('/v1/stats', { token: t });
    } catch (err) {
      button.disabled = false;
      if (err.status === 401) {
        message.replaceChildren(h('p', { class: 'problem problem-title', role: 'alert', id: 'signin-error',
          text: 'That token was not accepted. Check it and try again.' }));
        input.select();
      } else {
        message.replaceChildren(problemBox(err));
      }
      return;
    }
    token.set(t);
    mark('signin');
    route();
  });
  main.replaceChildren(h('div', { class: 'signin-wrap' }, h('h1', { text: 'Sign in to Takedown' }), form));
  input.focus();
}

onUnauthorized(() => {
  token.clear();
  signInNote = 'Your token is no longer accepted. Sign in again.';
  route();
});

signout.addEventListener('click', () => {
  token.clear();
  location.hash = '#/networks';
  route();
});

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  focusHeading();
  if (document.activeElement !== main.querySelector('h1')) main.focus();
});

window.addEventListener('hashchange', route);
route();
