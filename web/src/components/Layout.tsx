// The frame around every signed-in screen: navigation, search, language and the user.
import { NavLink, Outlet } from 'react-router-dom';
import { useSessionApi, useSignedIn } from '../auth/session';
import { languages, useI18n, type Language } from '../i18n';
import { GlobalSearch } from './GlobalSearch';

const sections = [
  ['/contacts', 'nav.contacts'], ['/companies', 'nav.companies'], ['/pipeline', 'nav.pipeline'],
  ['/reports', 'nav.reports'], ['/tasks', 'nav.tasks'], ['/settings', 'nav.settings'],
] as const;

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('header.language')}</span>
      <select aria-label={t('header.language')} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {languages.map((l) => <option key={l} value={l}>{l === 'es' ? 'Español' : 'English'}</option>)}
      </select>
    </label>
  );
}

export function Layout() {
  const { t } = useI18n();
  const { user, role } = useSignedIn();
  const { signOut } = useSessionApi();
  return (
    <div className="app">
      <a className="skip-link" href="#content">{t('app.skipToContent')}</a>
      <header className="app-header">
        <NavLink to="/" className="brand">{t('app.name')}</NavLink>
        <nav aria-label={t('nav.main')}>
          <ul>
            {sections.map(([to, key]) => <li key={to}><NavLink to={to}>{t(key)}</NavLink></li>)}
          </ul>
        </nav>
        <GlobalSearch />
        <div className="header-end">
          <LanguageSwitch />
          <span className="who" title={user.email}>{t('header.signedInAs', { name: user.name || user.email, role: t(`role.${role}`) })}</span>
          <button type="button" className="link-button" onClick={() => void signOut()}>{t('header.signOut')}</button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
