// Teams: a name, a manager (lead) and members. With visibility "team", people see the records of
// their teams.
import { useId, useMemo, useState, type FormEvent } from 'react';
import { ApiError, del, get, newIdempotencyKey, patch, post } from '../../api/client';
import type { RecordBase } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/useAsync';
import { AdminOnlyNotice, ConfirmDialog, Flash, SectionHeader, asApiError, useFlash } from './shared';

export interface Team extends RecordBase {
  name: string;
  managerId?: string | null;
  memberIds: string[];
}

export default function TeamsSettings() {
  const { t } = useI18n();
  const { isAdmin, role, userName, workspace } = useSignedIn();
  const teams = useAsync((signal) => get<{ items: Team[] }>('/api/v1/teams', undefined, signal), []);
  const [editing, setEditing] = useState<string | null>(null); // team id or 'new'
  const [deleting, setDeleting] = useState<Team | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [flash, setFlash] = useFlash();

  const remove = async () => {
    const team = deleting;
    setDeleting(null);
    if (!team) return;
    try {
      await del(`/api/v1/teams/${team.id}`, team.version);
      setFlash(t('settings.teams.deleted', { name: team.name }));
      teams.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const items = teams.data?.items ?? [];
  return (
    <section aria-labelledby="settings-teams">
      <SectionHeader id="settings-teams" title={t('settings.teams.title')} intro={t('settings.teams.intro')}
        actions={isAdmin && editing !== 'new' && <button type="button" className="primary" onClick={() => setEditing('new')}>{t('settings.teams.new')}</button>} />
      {!isAdmin && <AdminOnlyNotice role={role} what={t('settings.teams.what')} />}
      {workspace.visibility !== 'team' && <p className="banner banner-warn">{t('settings.teams.visibilityAll')}</p>}
      <Flash message={flash} />
      <ErrorBanner error={error} />
      {editing === 'new' && (
        <TeamForm onCancel={() => setEditing(null)}
          onSaved={(team) => { setEditing(null); teams.reload(); setFlash(t('settings.teams.created', { name: team.name })); }} />
      )}
      {teams.error ? <ErrorBanner error={teams.error} onRetry={teams.reload} /> : null}
      {teams.loading && !teams.data ? <Loading /> : items.length === 0 && editing !== 'new' ? (
        <EmptyState message={t('settings.teams.empty')}
          action={isAdmin ? <button type="button" className="primary" onClick={() => setEditing('new')}>{t('settings.teams.new')}</button> : undefined} />
      ) : (
        <ul className="team-list">
          {items.map((team) => (
            <li key={team.id} className="card">
              {editing === team.id ? (
                <TeamForm team={team} onCancel={() => setEditing(null)}
                  onSaved={() => { setEditing(null); teams.reload(); setFlash(t('common.saved')); }} />
              ) : (
                <>
                  <div className="row">
                    <h2>{team.name}</h2>
                    <span className="spacer" />
                    {isAdmin && <>
                      <button type="button" onClick={() => setEditing(team.id)}
                        aria-label={t('settings.teams.editNamed', { name: team.name })}>{t('common.edit')}</button>
                      <button type="button" className="danger" onClick={() => setDeleting(team)}
                        aria-label={t('settings.teams.deleteNamed', { name: team.name })}>{t('common.delete')}</button>
                    </>}
                  </div>
                  <dl className="facts">
                    <dt>{t('settings.teams.manager')}</dt>
                    <dd>{team.managerId ? userName(team.managerId) : t('settings.teams.noManager')}</dd>
                    <dt>{t('settings.teams.members')}</dt>
                    <dd>{team.memberIds.length === 0 ? <span className="muted">{t('settings.teams.noMembers')}</span>
                      : team.memberIds.map((id) => <span key={id} className="chip">{userName(id)}</span>)}</dd>
                  </dl>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog open={deleting !== null} danger title={t('settings.teams.deleteTitle', { name: deleting?.name ?? '' })}
        body={t('settings.teams.deleteBody')} confirmLabel={t('common.delete')}
        onConfirm={() => void remove()} onCancel={() => setDeleting(null)} />
    </section>
  );
}

function TeamForm({ team, onSaved, onCancel }: { team?: Team; onSaved: (team: Team) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { users } = useSignedIn();
  const [name, setName] = useState(team?.name ?? '');
  const [managerId, setManagerId] = useState(team?.managerId ?? '');
  const [members, setMembers] = useState<Set<string>>(new Set(team?.memberIds ?? []));
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotency = useMemo(() => newIdempotencyKey(), []);
  const titleId = useId();

  const sorted = useMemo(() => [...users].sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email)), [users]);
  const q = filter.trim().toLowerCase();
  const visible = q ? sorted.filter((u) => `${u.name} ${u.email}`.toLowerCase().includes(q)) : sorted;

  const toggle = (id: string, on: boolean) => setMembers((set) => {
    const next = new Set(set);
    if (on) next.add(id); else next.delete(id);
    return next;
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), managerId: managerId || null, memberIds: [...members] };
    try {
      const saved = team
        ? await patch<Team>(`/api/v1/teams/${team.id}`, body, team.version)
        : await post<Team>('/api/v1/teams', body, { idempotencyKey: idempotency });
      onSaved(saved);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={titleId} className={team ? undefined : 'card'}>
      <h2 id={titleId}>{team ? t('settings.teams.editTitle', { name: team.name }) : t('settings.teams.newTitle')}</h2>
      {error && (error.fieldErrors.length === 0 || error.otherThan(['name', 'managerId', 'memberIds']).length > 0) && <ErrorBanner error={error} />}
      <div className="form-grid">
        <TextField label={t('settings.teams.name')} value={name} required maxLength={100}
          onChange={(e) => setName(e.target.value)} error={error?.forField('name')} />
        <SelectField label={t('settings.teams.manager')} value={managerId} onChange={(e) => setManagerId(e.target.value)}
          error={error?.forField('managerId')} hint={t('settings.teams.managerHint')}
          options={[{ value: '', label: t('settings.teams.noManager') }, ...sorted.map((u) => ({ value: u.id, label: `${u.name} (${t(`role.${u.role}`)})` }))]} />
      </div>
      <fieldset className="member-picker">
        <legend>{t('settings.teams.membersCount', { count: members.size })}</legend>
        <TextField label={t('settings.teams.filterMembers')} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <ul className="checkbox-list">
          {visible.map((u) => (
            <li key={u.id}>
              <label className="checkbox">
                <input type="checkbox" checked={members.has(u.id)} onChange={(e) => toggle(u.id, e.target.checked)} />
                <span>{u.name} <span className="muted small">{u.email} · {t(`role.${u.role}`)}</span></span>
              </label>
            </li>
          ))}
        </ul>
        {error?.forField('memberIds') && <small className="field-error" role="alert">{error.forField('memberIds')}</small>}
      </fieldset>
      <div className="form-actions">
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" className="primary" disabled={busy}>{busy ? t('common.saving') : team ? t('common.save') : t('settings.teams.create')}</button>
      </div>
    </form>
  );
}
