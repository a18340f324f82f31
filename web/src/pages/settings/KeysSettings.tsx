// API keys (personal or workspace, with a scope) and write keys (tracking sources). Secrets are
// shown once when a key is created; the list shows only the prefix, the owner and the last use.
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, newIdempotencyKey, post, request } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatRelative } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { ConfirmDialog, Flash, SecretOnce, SectionHeader, asApiError, useFlash } from './shared';

export interface ApiKey {
  id: string;
  kind: 'api' | 'write';
  name: string;
  prefix: string;
  scope?: 'read' | 'write' | 'admin' | null;
  userId?: string | null;
  source?: string | null;
  createdAt: string;
  createdBy?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export default function KeysSettings() {
  const { t, locale } = useI18n();
  const { isAdmin, userName } = useSignedIn();
  const keys = useAsync((signal) => get<{ items: ApiKey[] }>('/api/v1/keys', undefined, signal), []);
  const [secret, setSecret] = useState<{ key: ApiKey; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [flash, setFlash] = useFlash();

  const revoke = async () => {
    const key = revoking;
    setRevoking(null);
    if (!key) return;
    setError(null);
    try {
      await request(`/api/v1/keys/${key.id}`, { method: 'DELETE' });
      setFlash(t('settings.keys.revoked', { name: key.name }));
      keys.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const all = keys.data?.items ?? [];
  const list = useMemo(() => all.filter((k) => showRevoked || !k.revokedAt)
    .sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.createdAt.localeCompare(a.createdAt)), [all, showRevoked]);
  const revokedCount = all.filter((k) => k.revokedAt).length;

  return (
    <section aria-labelledby="settings-keys">
      <SectionHeader id="settings-keys" title={t('settings.keys.title')}
        intro={isAdmin ? t('settings.keys.introAdmin') : t('settings.keys.introOwn')} />
      <Flash message={flash} />
      <ErrorBanner error={error} />
      {secret && (
        <SecretOnce title={t('settings.keys.secretTitle', { name: secret.key.name })}
          explain={secret.key.kind === 'write' ? t('settings.keys.secretExplainWrite') : t('settings.keys.secretExplainApi')}
          value={secret.secret} onDone={() => setSecret(null)} />
      )}
      {secret?.key.kind === 'write' && <SnippetForKey secret={secret.secret} source={secret.key.source ?? secret.key.name} />}
      <CreateKeyForm onCreated={(key, value) => { setSecret({ key, secret: value }); keys.reload(); }} />

      <div className="row list-header">
        <h2>{t('settings.keys.listTitle')}</h2>
        <span className="spacer" />
        <label className="checkbox">
          <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.target.checked)} />
          {t('settings.keys.showRevoked', { count: revokedCount })}
        </label>
      </div>
      {keys.error ? <ErrorBanner error={keys.error} onRetry={keys.reload} /> : null}
      {keys.loading && !keys.data ? <Loading /> : list.length === 0 ? (
        <EmptyState message={t('settings.keys.empty')} />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('settings.keys.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.keys.name')}</th>
                <th scope="col">{t('settings.keys.kind')}</th>
                <th scope="col">{t('settings.keys.prefix')}</th>
                <th scope="col">{t('settings.keys.access')}</th>
                <th scope="col">{t('settings.keys.owner')}</th>
                <th scope="col">{t('common.created')}</th>
                <th scope="col">{t('settings.keys.lastUsed')}</th>
                <th scope="col">{t('settings.keys.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'revoked' : undefined}>
                  <th scope="row">{k.name}</th>
                  <td>{t(`settings.keys.kind.${k.kind}`)}</td>
                  <td><code>{k.prefix}…</code></td>
                  <td>{k.kind === 'write' ? t('settings.keys.source', { source: k.source ?? '—' }) : t(`settings.keys.scope.${k.scope ?? 'read'}`)}</td>
                  <td>{k.userId ? userName(k.userId) : t('settings.keys.workspaceOwned')}</td>
                  <td>{formatDateTime(k.createdAt, locale)}{k.createdBy && <small className="muted block">{t('settings.keys.by', { name: userName(k.createdBy) })}</small>}</td>
                  <td>{k.lastUsedAt
                    ? <time dateTime={k.lastUsedAt} title={formatDateTime(k.lastUsedAt, locale)}>{formatRelative(k.lastUsedAt, locale)}</time>
                    : <span className="muted">{t('settings.keys.neverUsed')}</span>}</td>
                  <td>{k.revokedAt
                    ? <span className="badge badge-danger">{t('settings.keys.revokedOn', { date: formatDateTime(k.revokedAt, locale) })}</span>
                    : <span className="badge badge-ok">{t('settings.keys.active')}</span>}</td>
                  <td>{!k.revokedAt && (
                    <button type="button" className="danger" onClick={() => setRevoking(k)}
                      aria-label={t('settings.keys.revokeNamed', { name: k.name })}>{t('settings.keys.revoke')}</button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isAdmin && all.some((k) => k.kind === 'write' && !k.revokedAt) && <SnippetHelp />}
      <ConfirmDialog open={revoking !== null} danger title={t('settings.keys.revokeTitle', { name: revoking?.name ?? '' })}
        body={t('settings.keys.revokeBody')} confirmLabel={t('settings.keys.revoke')}
        onConfirm={() => void revoke()} onCancel={() => setRevoking(null)} />
    </section>
  );
}

// The tag a website pastes before </head>: t.js from this server, with the write key. The API host is
// taken from the script's own address, so nothing else is needed.
function snippetTag(writeKey: string, origin = window.location.origin): string {
  return `<script src="${origin}/t.js" data-write-key="${writeKey}" async></script>`;
}

// Right after a write key is created: the snippet with its real secret, ready to copy (shown only
// together with the secret, which is not retrievable later).
function SnippetForKey({ secret, source }: { secret: string; source: string }) {
  const { t } = useI18n();
  const headingId = useId();
  const code = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'idle' | 'ok' | 'failed'>('idle');
  const tag = snippetTag(secret);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(tag);
      setCopied('ok');
    } catch {
      // No clipboard permission: select the text so Ctrl+C copies it.
      if (code.current) {
        const range = document.createRange();
        range.selectNodeContents(code.current);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
      }
      setCopied('failed');
    }
  };

  return (
    <section className="card key-snippet" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('settings.keys.snippet.title')}</h3>
      <p>{t('settings.keys.snippet.explainNew', { source })}</p>
      <div className="secret-value">
        <code ref={code}>{tag}</code>
        <button type="button" onClick={() => void copy()}>{t('settings.keys.snippet.copy')}</button>
      </div>
      <p className="small" role="status" aria-live="polite">
        {copied === 'ok' ? t('settings.secret.copied') : copied === 'failed' ? t('settings.secret.copyFailed') : ''}
      </p>
      <p className="small muted">{t('settings.keys.snippet.identify')}</p>
    </section>
  );
}

// For write keys that already exist: where the snippet goes. Their secret cannot be shown again.
function SnippetHelp() {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="card key-snippet-help" style={{ marginTop: '1rem' }} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.keys.snippet.helpTitle')}</h2>
      <p>{t('settings.keys.snippet.helpWhere', { placeholder: t('settings.keys.snippet.placeholder') })}</p>
      <div className="secret-value">
        <code>{snippetTag(t('settings.keys.snippet.placeholder'))}</code>
      </div>
      <p>{t('settings.keys.snippet.helpSecret')}</p>
      <p className="small muted">{t('settings.keys.snippet.identify')}</p>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey, secret: string) => void }) {
  const { t } = useI18n();
  const { isAdmin, role } = useSignedIn();
  const [kind, setKind] = useState<'api' | 'write'>('api');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'read' | 'write' | 'admin'>('read');
  const [owner, setOwner] = useState<'personal' | 'workspace'>('personal');
  const [source, setSource] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotency, setIdempotency] = useState(newIdempotencyKey);

  // A key can do at most what its creator can.
  const scopes: ('read' | 'write' | 'admin')[] = role === 'admin' ? ['read', 'write', 'admin']
    : role === 'viewer' ? ['read'] : ['read', 'write'];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = kind === 'write'
      ? { kind, name: name.trim(), source: source.trim() }
      : { kind, name: name.trim(), scope, personal: owner === 'personal' };
    try {
      const created = await post<ApiKey & { secret: string }>('/api/v1/keys', body, { idempotencyKey: idempotency });
      setName(''); setSource(''); setIdempotency(newIdempotencyKey());
      const { secret, ...key } = created;
      onCreated(key, secret);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title">{t('settings.keys.createTitle')}</h2>
      {error && (error.fieldErrors.length === 0 || error.otherThan(['name', 'scope', 'source', 'personal', 'kind']).length > 0) && <ErrorBanner error={error} />}
      <div className="form-grid">
        <SelectField label={t('settings.keys.kind')} value={kind} onChange={(e) => setKind(e.target.value as 'api' | 'write')}
          error={error?.forField('kind')}
          hint={kind === 'api' ? t('settings.keys.kindHint.api') : t('settings.keys.kindHint.write')}
          options={[{ value: 'api', label: t('settings.keys.kind.api') },
            ...(isAdmin ? [{ value: 'write', label: t('settings.keys.kind.write') }] : [])]} />
        <TextField label={t('settings.keys.name')} value={name} required maxLength={100}
          placeholder={t('settings.keys.namePlaceholder')}
          onChange={(e) => setName(e.target.value)} error={error?.forField('name')} />
        {kind === 'api' ? <>
          <SelectField label={t('settings.keys.scope')} value={scope} onChange={(e) => setScope(e.target.value as typeof scope)}
            error={error?.forField('scope')} hint={t(`settings.keys.scopeHint.${scope}`)}
            options={scopes.map((s) => ({ value: s, label: t(`settings.keys.scope.${s}`) }))} />
          <SelectField label={t('settings.keys.owner')} value={owner} onChange={(e) => setOwner(e.target.value as typeof owner)}
            error={error?.forField('personal')}
            hint={owner === 'personal' ? t('settings.keys.ownerHint.personal') : t('settings.keys.ownerHint.workspace')}
            options={[{ value: 'personal', label: t('settings.keys.personal') },
              ...(isAdmin ? [{ value: 'workspace', label: t('settings.keys.workspaceOwned') }] : [])]} />
        </> : (
          <TextField label={t('settings.keys.sourceLabel')} value={source} required maxLength={100}
            placeholder={t('settings.keys.sourcePlaceholder')}
            onChange={(e) => setSource(e.target.value)} error={error?.forField('source')} />
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('settings.keys.create')}</button>
      </div>
    </form>
  );
}
