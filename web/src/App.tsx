// Routes. The contacts list, the first screen, ships in the main bundle; the heavier screens
// (charts, graphs, the board) load on first visit.
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ChangePasswordPage, LoginPage, SetupPage } from './auth/AuthPages';
import { SessionProvider, useSessionApi } from './auth/session';
import { ErrorPage } from './components/ErrorPage';
import { Layout } from './components/Layout';
import { Loading } from './components/States';
import { I18nProvider } from './i18n';
import ContactsList from './pages/contacts/ContactsList';

const ContactPage = lazy(() => import('./pages/contacts/ContactPage'));
const CompaniesList = lazy(() => import('./pages/companies/CompaniesList'));
const CompanyPage = lazy(() => import('./pages/companies/CompanyPage'));
const InteractionRedirect = lazy(() => import('./pages/contacts/InteractionRedirect'));
const BoardPage = lazy(() => import('./pages/sales/BoardPage'));
const OpportunityPage = lazy(() => import('./pages/sales/OpportunityPage'));
const ReportsPage = lazy(() => import('./pages/sales/ReportsPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function SignedInRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/contacts" replace />} />
        <Route path="contacts" element={<ContactsList />} />
        <Route path="contacts/:id" element={<Lazy><ContactPage /></Lazy>} />
        <Route path="companies" element={<Lazy><CompaniesList /></Lazy>} />
        <Route path="companies/:id" element={<Lazy><CompanyPage /></Lazy>} />
        <Route path="interactions/:id" element={<Lazy><InteractionRedirect /></Lazy>} />
        <Route path="pipeline" element={<Lazy><BoardPage /></Lazy>} />
        <Route path="pipeline/:pipelineId" element={<Lazy><BoardPage /></Lazy>} />
        <Route path="opportunities/:id" element={<Lazy><OpportunityPage /></Lazy>} />
        <Route path="reports" element={<Lazy><ReportsPage /></Lazy>} />
        <Route path="tasks" element={<Lazy><TasksPage /></Lazy>} />
        <Route path="settings/*" element={<Lazy><SettingsPage /></Lazy>} />
        <Route path="login" element={<Navigate to="/contacts" replace />} />
        <Route path="setup" element={<Navigate to="/contacts" replace />} />
        <Route path="*" element={<ErrorPage />} />
      </Route>
    </Routes>
  );
}

function Gate() {
  const { state, refresh } = useSessionApi();
  switch (state.status) {
    case 'loading':
      return <Loading />;
    case 'failed':
      return <main id="content"><ErrorPage error={state.error} onRetry={() => void refresh()} /></main>;
    case 'anonymous':
      return state.setupNeeded ? <SetupPage /> : <LoginPage />;
    case 'signedIn':
      return state.session.mustChangePassword ? <ChangePasswordPage /> : <SignedInRoutes />;
  }
}

export function App() {
  return (
    <I18nProvider>
      <BrowserRouter>
        <SessionProvider>
          <Gate />
        </SessionProvider>
      </BrowserRouter>
    </I18nProvider>
  );
}
