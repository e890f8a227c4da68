// Calls to the Takedown API with the signed-in token, and its errors.

const TOKEN_KEY = 'takedown.token';

// The token lives in this tab's sessionStorage only: it is forgotten when
// the tab closes and never sent anywhere but the API's Authorization header.
export const token = {
  get() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
  },
  set(t) { sessionStorage.setItem(TOKEN_KEY, t); },
  clear() {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* storage unavailable */ }
  },
};

// ApiError is a failed call: the problem document's title, detail, code
// and request id, or what the page could tell without one.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = problem.title || `HTTP ${status}`;
    this.detail = problem.detail || '';
    this.code = problem.code || '';
    this.requestId = problem.request_id || '';
    this.problems = Array.isArray(problem.problems) ? problem.problems : [];
  }

  // missingRoute is true when the server does not serve the route at all
  // (a feature this server does not have), rather than a missing entity.
  get missingRoute() {
    return this.status === 404 && /^no such route/i.test(this.detail);
  }
}

let unauthorized = null;

// onUnauthorized sets what happens when the API stops accepting the token.
export function onUnauthorized(fn) { unauthorized = fn; }

// path builds an API path, percent-encoding every interpolated value:
// path`/v1/accounts/${id}` with id "fb:group/1" gives
// /v1/accounts/fb%3Agroup%2F1.
export function path(strings, ...values) {
  let out = strings[0];
  values.forEach((v, i) => { out += encodeURIComponent(String(v)) + strings[i + 1]; });
  return out;
}

// request calls the API. query's empty values are left out; body is sent
// as JSON. It resolves to the decoded JSON (null for no body), or to the
// Response itself with raw; it rejects with an ApiError.
export async function request(p, opts = {}) {
  const { method = 'GET', query, body, raw = false, signal } = opts;
  let url = p;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers = { Accept: 'application/json, application/problem+json;q=0.9, */*;q=0.5' };
  const t = opts.token !== undefined ? opts.token : token.get();
  if (t) headers.Authorization = 'Bearer ' + t;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, signal, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, {
      title: 'The server could not be reached',
      detail: 'Check the connection and try again. (' + (e && e.message ? e.message : String(e)) + ')',
    });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, await readProblem(res));
    if (res.status === 401 && opts.token === undefined && unauthorized) unauthorized(err);
    throw err;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(res.status, {
      title: 'The server sent an answer this page cannot read',
      detail: `${method} ${p} did not answer with JSON.`,
    });
  }
}

async function readProblem(res) {
  let text = '';
  try { text = await res.text(); } catch { /* no body */ }
  const fallback = `HTTP ${res.status}${res.statusText ? ' ' + res.statusText : ''}`;
  if (text) {
    try {
      const j = JSON.parse(text);
      if (j && typeof j === 'object') {
        return {
          title: str(j.title) || fallback,
          detail: str(j.detail) || str(j.message) || str(j.error),
          code: str(j.code),
          request_id: str(j.request_id) || res.headers.get('X-Request-ID') || '',
          problems: j.problems,
        };
      }
    } catch { /* not JSON */ }
  }
  return { title: fallback, detail: text.slice(0, 300), request_id: res.headers.get('X-Request-ID') || '' };
}

function str(v) { return typeof v === 'string' ? v : ''; }

// items reads the list of a page of results whatever its wrapping:
// {items: [...]}, a bare array, or {NAME: [...]}.
export function items(resp, name) {
  if (Array.isArray(resp)) return resp;
  if (resp && Array.isArray(resp.items)) return resp.items;
  if (resp && name && Array.isArray(resp[name])) return resp[name];
  return [];
}
