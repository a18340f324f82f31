// Settings: a side navigation and one screen per area, as nested routes under /settings/*.
// Admin-only areas stay listed for everyone, marked, and explain why they are read-only.
import { NavLink, Navigate, Route, Routes } from 'react-router-dom';
import { useSignedIn } from '../../auth/session';
import { ErrorPage } from '../../components/ErrorPage';
import { useI18n } from '../../i18n';
import AuditLogSettings from './AuditLogSettings';
import CustomFieldsSettings from './CustomFieldsSettings';
import ExchangeRatesSettings from './ExchangeRatesSettings';
import KeysSettings from './KeysSettings';
import PipelinesSettings from './PipelinesSettings';
import TeamsSettings from './TeamsSettings';
import UsersSettings from './UsersSettings';
import WorkspaceSettings from './WorkspaceSettings';
import './settings.css';

// [path, label key, admin only]
const areas = [
  ['workspace', 'settings.nav.workspace', true],
  ['pipelines', 'settings.nav.pipelines', true],
  ['custom-fields', 'settings.nav.customFields', true],
  ['users', 'settings.nav.users', true],
  ['teams', 'settings.nav.teams', true],
  ['keys', 'settings.nav.keys', false],
  ['exchange-rates', 'settings.nav.exchangeRates', true],
  ['audit', 'settings.nav.audit', true],
] as const;

export default function SettingsPage() {
  const { t } = useI18n();
  const { isAdmin } = useSignedIn();
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label={t('settings.nav.label')}>
        <p className="settings-nav-title" aria-hidden="true">{t('settings.title')}</p>
        <ul>
          {areas.map(([path, key, adminOnly]) => (
            <li key={path}>
              <NavLink to={`/settings/${path}`}>
                <span>{t(key)}</span>
                {adminOnly && !isAdmin && <span className="nav-note">{t('settings.nav.adminOnly')}</span>}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-body">
        <Routes>
          <Route index element={<Navigate to="workspace" replace />} />
          <Route path="workspace" element={<WorkspaceSettings />} />
          <Route path="pipelines" element={<PipelinesSettings />} />
          <Route path="pipelines/:pipelineId" element={<PipelinesSettings />} />
          <Route path="custom-fields" element={<CustomFieldsSettings />} />
          <Route path="users" element={<UsersSettings />} />
          <Route path="teams" element={<TeamsSettings />} />
          <Route path="keys" element={<KeysSettings />} />
          <Route path="exchange-rates" element={<ExchangeRatesSettings />} />
          <Route path="audit" element={<AuditLogSettings />} />
          <Route path="*" element={<ErrorPage />} />
        </Routes>
      </div>
    </div>
  );
}
