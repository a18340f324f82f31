// Users and roles: add a user (one-time password shown once), change a role, reset a password,
// deactivate and restore. GET /api/v1/users lists live users only, so deactivated users are
// found through the audit log's user deletions.
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, del, get, newIdempotencyKey, patch, post, request } from '../../api/client';
import type { AuditEntry } from './AuditLogSettings';
import type { Role, User } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { AdminOnlyNotice, ConfirmDialog, Flash, SecretOnce, SectionHeader, asApiError, useFlash } from './shared';

export const roles: Role[] = ['admin', 'manager', 'rep', 'viewer'];

type Pending =
  | { kind: 'reset'; user: User }
  | { kind: 'deactivate'; user: User }
  | { kind: 'role'; user: User; role: Role };

export default function UsersSettings() {
  const { t, locale } = useI18n();
  const { isAdmin, role: myRole, user: me, reloadWorkspace } = useSignedIn();
  const users = useAsync((signal) => get<{ items: User[] }>('/api/v1/users', undefined, signal), []);
  const deactivated = useAsync(async (signal) => {
    if (!isAdmin) return [] as User[];
    const log = await get<{ items: AuditEntry[] }>('/api/v1/audit', { action: 'delete', limit: 200 }, signal);
    const ids = [...new Set(log.items.filter((e) => e.recordType === 'user' && e.recordId).map((e) => e.recordId!))].slice(0, 50);
    const found = await Promise.all(ids.map((id) =>
      get<User>(`/api/v1/users/${id}`, { includeDeleted: true }, signal).catch(() => null)));
    return found.filter((u): u is User => !!u && !!u.deletedAt);
  }, [isAdmin]);
  const [secret, setSecret] = useState<{ user: User; password: string; reason: 'new' | 'reset' } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [flash, setFlash] = useFlash();
  const [filter, setFilter] = useState('');

  const refresh = () => { users.reload(); deactivated.reload(); void reloadWorkspace(); };

  const act = async () => {
    if (!pending) return;
    const current = pending;
    setPending(null);
    setActionError(null);
    try {
      if (current.kind === 'reset') {
        const result = await post<{ oneTimePassword: string }>(`/api/v1/users/${current.user.id}/password-reset`);
        setSecret({ user: current.user, password: result.oneTimePassword, reason: 'reset' });
      } else if (current.kind === 'deactivate') {
        await del(`/api/v1/users/${current.user.id}`, current.user.version);
        setFlash(t('settings.users.deactivated', { name: current.user.name }));
        refresh();
      } else {
        await patch<User>(`/api/v1/users/${current.user.id}`, { role: current.role }, current.user.version);
        setFlash(t('settings.users.roleChanged', { name: current.user.name, role: t(`role.${current.role}`) }));
        refresh();
      }
    } catch (failure) {
      setActionError(failure);
      users.reload();
    }
  };

  const restore = async (user: User) => {
    setActionError(null);
    try {
      await request(`/api/v1/users/${user.id}/restore`, { method: 'POST', ifMatch: user.version });
      setFlash(t('settings.users.restored', { name: user.name }));
      refresh();
    } catch (failure) {
      setActionError(failure);
    }
  };

  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const list = users.data?.items ?? [];
    return q ? list.filter((u) => `${u.name} ${u.email} ${u.role}`.toLowerCase().includes(q)) : list;
  }, [users.data, filter]);

  const admins = (users.data?.items ?? []).filter((u) => u.role === 'admin').length;

  return (
    <section aria-labelledby="settings-users">
      <SectionHeader id="settings-users" title={t('settings.users.title')} intro={t('settings.users.intro')} />
      {!isAdmin && <AdminOnlyNotice role={myRole} what={t('settings.users.what')} />}
      <Flash message={flash} />
      <ErrorBanner error={actionError} />
      {secret && (
        <SecretOnce title={t('settings.users.otpTitle')}
          explain={t(secret.reason === 'new' ? 'settings.users.otpExplainNew' : 'settings.users.otpExplainReset',
            { name: secret.user.name, email: secret.user.email })}
          value={secret.password} onDone={() => setSecret(null)} />
      )}
      {isAdmin && <AddUserForm onAdded={(user, password) => { setSecret({ user, password, reason: 'new' }); refresh(); }} />}

      <div className="toolbar">
        <TextField label={t('settings.users.filter')} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <p className="muted small">{t('settings.users.count', { count: users.data?.items.length ?? 0 })}</p>
      </div>
      {users.error ? <ErrorBanner error={users.error} onRetry={users.reload} /> : null}
      {users.loading && !users.data ? <Loading /> : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('settings.users.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('common.name')}</th>
                <th scope="col">{t('settings.users.email')}</th>
                <th scope="col">{t('settings.users.role')}</th>
                <th scope="col">{t('common.created')}</th>
                {isAdmin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => {
                const self = u.id === me.id;
                const lastAdmin = u.role === 'admin' && admins <= 1;
                return (
                  <tr key={u.id}>
                    <th scope="row">{u.name}{self && <span className="chip">{t('settings.users.you')}</span>}</th>
                    <td>{u.email}</td>
                    <td>
                      {isAdmin && !self ? (
                        <label>
                          <span className="visually-hidden">{t('settings.users.roleOf', { name: u.name })}</span>
                          <select value={u.role} disabled={lastAdmin}
                            onChange={(e) => setPending({ kind: 'role', user: u, role: e.target.value as Role })}>
                            {roles.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                          </select>
                        </label>
                      ) : <span>{t(`role.${u.role}`)}{self && isAdmin && <small className="muted block">{t('settings.users.ownRole')}</small>}</span>}
                    </td>
                    <td>{formatDate(u.createdAt, locale)}</td>
                    {isAdmin && (
                      <td className="actions-cell">
                        <button type="button" onClick={() => setPending({ kind: 'reset', user: u })}
                          aria-label={t('settings.users.resetNamed', { name: u.name })}>{t('settings.users.reset')}</button>
                        <button type="button" className="danger" disabled={self || lastAdmin}
                          title={self ? t('settings.users.notSelf') : undefined}
                          onClick={() => setPending({ kind: 'deactivate', user: u })}
                          aria-label={t('settings.users.deactivateNamed', { name: u.name })}>{t('settings.users.deactivate')}</button>
                        <Link to={`/settings/audit?actorId=${encodeURIComponent(u.id)}`}
                          aria-label={t('settings.users.activityNamed', { name: u.name })}>{t('settings.users.activity')}</Link>
                      </td>
                    )}
                  </tr>
                );
              })}
              {shown.length === 0 && <tr><td colSpan={isAdmin ? 5 : 4} className="muted">{t('settings.users.noMatch')}</td></tr>}
            </tbody>
          </table>
        </div>
      )}

      {isAdmin && (
        <div className="card deactivated-users">
          <h2>{t('settings.users.deactivatedTitle')}</h2>
          {deactivated.error ? <ErrorBanner error={deactivated.error} onRetry={deactivated.reload} /> : null}
          {deactivated.loading && !deactivated.data ? <Loading /> : (deactivated.data ?? []).length === 0
            ? <p className="muted">{t('settings.users.noneDeactivated')}</p>
            : (
              <ul className="plain-list">
                {deactivated.data!.map((u) => (
                  <li key={u.id} className="row">
                    <span><strong>{u.name}</strong> <span className="muted">{u.email} · {t(`role.${u.role}`)} · {t('settings.users.deactivatedOn', { date: formatDate(u.deletedAt, locale) })}</span></span>
                    <button type="button" onClick={() => void restore(u)}
                      aria-label={t('settings.users.restoreNamed', { name: u.name })}>{t('common.restore')}</button>
                  </li>
                ))}
              </ul>
            )}
        </div>
      )}

      <ConfirmDialog open={pending !== null} danger={pending?.kind === 'deactivate'}
        title={pending?.kind === 'reset' ? t('settings.users.resetTitle', { name: pending.user.name })
          : pending?.kind === 'deactivate' ? t('settings.users.deactivateTitle', { name: pending.user.name })
          : pending ? t('settings.users.roleTitle', { name: pending.user.name }) : ''}
        body={pending?.kind === 'reset' ? t('settings.users.resetBody')
          : pending?.kind === 'deactivate' ? t('settings.users.deactivateBody')
          : pending ? t('settings.users.roleBody', { from: t(`role.${pending.user.role}`), to: t(`role.${pending.role}`) }) : ''}
        confirmLabel={pending?.kind === 'reset' ? t('settings.users.reset')
          : pending?.kind === 'deactivate' ? t('settings.users.deactivate') : t('settings.users.changeRole')}
        onConfirm={() => void act()} onCancel={() => setPending(null)} />
    </section>
  );
}

function AddUserForm({ onAdded }: { onAdded: (user: User, password: string) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await post<User & { oneTimePassword: string }>('/api/v1/users',
        { name: name.trim(), email: email.trim(), role }, { idempotencyKey: key });
      setName(''); setEmail(''); setRole('rep'); setKey(newIdempotencyKey());
      onAdded(created, created.oneTimePassword);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="add-user-title">
      <h2 id="add-user-title">{t('settings.users.addTitle')}</h2>
      {error && (error.fieldErrors.length === 0 || error.otherThan(['name', 'email', 'role']).length > 0) && <ErrorBanner error={error} />}
      <div className="form-grid">
        <TextField label={t('settings.users.name')} value={name} required maxLength={200} autoComplete="off"
          onChange={(e) => setName(e.target.value)} error={error?.forField('name')} />
        <TextField label={t('settings.users.email')} type="email" value={email} required maxLength={254} autoComplete="off"
          onChange={(e) => setEmail(e.target.value)} error={error?.forField('email')} />
        <SelectField label={t('settings.users.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}
          error={error?.forField('role')} hint={t(`settings.users.roleHint.${role}`)}
          options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : t('settings.users.add')}</button>
      </div>
    </form>
  );
}
