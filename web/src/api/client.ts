// The one way the application talks to the server: same-origin fetch with the session cookie,
// the CSRF token on unsafe methods, and problem+json turned into an ApiError with per-field messages.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly title: string;
  readonly fieldErrors: FieldError[];
  readonly retryAfter: number | undefined;

  constructor(status: number, title: string, detail: string, code?: string,
              fieldErrors: FieldError[] = [], retryAfter?: number) {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.retryAfter = retryAfter;
  }

  // The message for one field ("emails[0].address" also matches "emails").
  forField(field: string): string | undefined {
    const hit = this.fieldErrors.find((e) => e.field === field || e.field.startsWith(`${field}.`) ||
                                             e.field.startsWith(`${field}[`));
    return hit?.message;
  }

  // Messages for fields the form does not show next to a control.
  otherThan(fields: string[]): FieldError[] {
    return this.fieldErrors.filter((e) => !fields.some((f) => e.field === f ||
      e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`)));
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Called when a request answers 401 (the session expired): the app returns to the login page.
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: BodyInit;
  query?: Query;
  ifMatch?: number | string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { title: response.statusText, detail: text.slice(0, 300) };
  }
  const retry = Number(response.headers.get('Retry-After'));
  return new ApiError(response.status, String(body.title ?? response.statusText),
                      String(body.detail ?? ''), body.code as string | undefined,
                      (body.errors as FieldError[] | undefined) ?? [],
                      Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method, headers, body, credentials: 'same-origin', signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The server could not be reached.', 'unavailable');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && onUnauthenticated && !path.endsWith('/session')) onUnauthenticated();
    throw error;
  }
  const text = response.status === 204 ? '' : await response.text();
  const data = (text ? JSON.parse(text) : undefined) as T;
  return { data, status: response.status, etag: response.headers.get('ETag') };
}

export async function get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, { query, signal })).data;
}

export async function post<T>(path: string, json?: unknown, extra: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, { ...extra, method: 'POST', json })).data;
}

export async function patch<T>(path: string, json: unknown, version?: number): Promise<T> {
  return (await request<T>(path, { method: 'PATCH', json, ifMatch: version })).data;
}

export async function put<T>(path: string, json: unknown): Promise<T> {
  return (await request<T>(path, { method: 'PUT', json })).data;
}

export async function del(path: string, version?: number): Promise<void> {
  await request<void>(path, { method: 'DELETE', ifMatch: version });
}

// A fresh Idempotency-Key for one create: a double click or a retry creates one record.
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

// Uploads a multipart form with progress (fetch has no upload progress; XHR does).
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const text = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(JSON.parse(text) as T);
        return;
      }
      let body: Record<string, unknown> = {};
      try { body = JSON.parse(text); } catch { body = { title: xhr.statusText }; }
      reject(new ApiError(xhr.status, String(body.title ?? xhr.statusText), String(body.detail ?? ''),
                          body.code as string | undefined, (body.errors as FieldError[]) ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The server could not be reached.', 'unavailable'));
    xhr.send(form);
  });
}
