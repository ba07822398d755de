// How the page talks to the outcome API. The pure parts (URLs, headers, error messages) are
// exported for tests; fetchJson is the only function that touches the network.
//
// Authentication: when the page was opened with ?token=TOKEN (a signed embed link), every call
// sends "Authorization: Bearer TOKEN" and the server answers only what the token allows.
// Otherwise calls go with the browser's own credentials (same origin, e.g. after its Basic
// authentication prompt).

// The token of the page's URL, or null.
export function tokenOf(href) {
  const token = new URL(href).searchParams.get('token');
  return token ? token : null;
}

// from, to and bucket of the page's URL (only those given).
export function rangeOf(href) {
  const params = new URL(href).searchParams;
  const out = {};
  for (const name of ['from', 'to', 'bucket']) {
    const v = params.get(name);
    if (v) out[name] = v;
  }
  return out;
}

// The team view the page's URL asks for: {team: T} or {manager: M} (team wins), else {}. A
// signed link's own team is forced by the server whatever the page asks.
export function viewOf(href) {
  const params = new URL(href).searchParams;
  const team = params.get('team');
  if (team) return { team };
  const manager = params.get('manager');
  return manager ? { manager } : {};
}

// The API's root ("…/outcomes") for a page at "…/outcomes/ui/…", so the page works behind a
// proxy that mounts the server under a path.
export function apiRoot(href) {
  const url = new URL(href);
  const path = url.pathname.replace(/\/ui(\/[^/]*)?$/, '');
  return url.origin + path;
}

// The URL of `path` (e.g. "/cut-recordable-incidents/dashboard", "" for the list) under `root`
// with the query `params` (null and undefined values left out).
export function apiUrl(root, path, params = {}) {
  const url = new URL(root + path.split('/').map(encodeURIComponent).join('/'));
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, String(v));
  }
  return url.toString();
}

// The request headers for `token` (null: none; the browser adds its own credentials).
export function authHeaders(token) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  return headers;
}

// The message of an error answer: error.message of the JSON body, or words for the status.
export function errorMessage(status, body) {
  if (body && typeof body === 'object' && body.error && typeof body.error.message === 'string' && body.error.message) {
    return body.error.message;
  }
  if (status === 401) return 'You are not signed in, or this link is no longer valid.';
  if (status === 403) return 'This link or account does not give access to this view.';
  if (status === 404) return 'Not found.';
  return 'The server answered ' + status + '.';
}

// True when the answer refuses access: the page then shows no data at all.
export function isAccessError(status) {
  return status === 401 || status === 403;
}

// An error of a call, with the HTTP status (0 for a network failure).
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// GETs `url` and answers its JSON; throws ApiError on anything but 2xx.
export async function fetchJson(url, token) {
  let response;
  try {
    response = await fetch(url, {
      headers: authHeaders(token),
      // A token link must not fall back on cookies or cached Basic credentials of another user.
      credentials: token ? 'omit' : 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'The server could not be reached.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, body));
  return body;
}
