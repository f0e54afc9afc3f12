// The broker's REST API with the signed-in token. The token lives in sessionStorage (this tab only)
// and goes out as a Bearer header; a 401 signs the user out.

const key = 'suanwang.token';
let onUnauthorized = () => {};

export const session = {
  get token() { return sessionStorage.getItem(key); },
  set token(value) { value ? sessionStorage.setItem(key, value) : sessionStorage.removeItem(key); },
  role: null,
  tenant: null,
  get isAdmin() { return this.role === 'admin'; },
};

export function whenUnauthorized(callback) { onUnauthorized = callback; }

/** An API error with the problem details the broker returned. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** Calls the API; returns parsed JSON (or null for 204). */
export async function api(path, { method = 'GET', body, contentType, token = session.token, signal, headersExtra } = {}) {
  const headers = { Accept: 'application/json', ...headersExtra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
  const response = await fetch(path, { method, headers, body, signal, cache: 'no-store' });
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    if (response.status === 401 && token === session.token) onUnauthorized();
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Works out who the token belongs to: an admin (may list tenants) or a tenant (its usage names it). */
export async function identify(token) {
  await api('/v1/network', { token });
  try {
    await api('/v1/tenants', { token });
    return { role: 'admin', tenant: null };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
  }
  const usage = await api('/v1/usage', { token });
  return { role: 'tenant', tenant: usage?.[0]?.tenant ?? null };
}

export const query = (params) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
};
