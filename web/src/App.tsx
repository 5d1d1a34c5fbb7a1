import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from './components/ui/Layout';
import { Loading } from './components/ui';
import { AuthProvider, useAuth } from './lib/auth';
import { LoginPage } from './features/identity/LoginPage';
import { SetupPage } from './features/identity/SetupPage';

// Each signed-in page is its own chunk, so the first load carries only the login page.
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage'));
const BotsPage = lazy(() => import('./features/telegram/BotsPage'));
const BotPage = lazy(() => import('./features/telegram/BotPage'));
const ChatsPage = lazy(() => import('./features/conversation/ChatsPage'));
const ChatPage = lazy(() => import('./features/conversation/ChatPage'));
const PlaygroundPage = lazy(() => import('./features/conversation/PlaygroundPage'));
const ProcessingPage = lazy(() => import('./features/processing/ProcessingPage'));
const UsagePage = lazy(() => import('./features/llm/UsagePage'));
const ProvidersPage = lazy(() => import('./features/llm/ProvidersPage'));
const ApiKeysPage = lazy(() => import('./features/identity/ApiKeysPage'));
const AccountPage = lazy(() => import('./features/identity/AccountPage'));
const TelegramLinksPage = lazy(() => import('./features/telegram/TelegramLinksPage'));
const AdminPage = lazy(() => import('./features/identity/AdminPage'));
const ApprovalsPage = lazy(() => import('./features/approval/ApprovalsPage'));
const RequestsPage = lazy(() => import('./features/approval/RequestsPage'));

function SignedIn({ children }: { children: ReactNode }) {
  const { signedIn } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </Layout>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/" element={<SignedIn><DashboardPage /></SignedIn>} />
          <Route path="/bots" element={<SignedIn><BotsPage /></SignedIn>} />
          <Route path="/bots/new" element={<SignedIn><BotPage /></SignedIn>} />
          <Route path="/bots/:botId" element={<SignedIn><BotPage /></SignedIn>} />
          <Route path="/chats" element={<SignedIn><ChatsPage /></SignedIn>} />
          <Route path="/chats/:chatId" element={<SignedIn><ChatPage /></SignedIn>} />
          <Route path="/playground" element={<SignedIn><PlaygroundPage /></SignedIn>} />
          <Route path="/approvals" element={<SignedIn><ApprovalsPage /></SignedIn>} />
          <Route path="/requests" element={<SignedIn><RequestsPage /></SignedIn>} />
          <Route path="/processing" element={<SignedIn><ProcessingPage /></SignedIn>} />
          <Route path="/usage" element={<SignedIn><UsagePage /></SignedIn>} />
          <Route path="/providers" element={<SignedIn><ProvidersPage /></SignedIn>} />
          <Route path="/api-keys" element={<SignedIn><ApiKeysPage /></SignedIn>} />
          <Route path="/account" element={<SignedIn><AccountPage /></SignedIn>} />
          <Route path="/telegram" element={<SignedIn><TelegramLinksPage /></SignedIn>} />
          <Route path="/admin" element={<SignedIn><AdminPage /></SignedIn>} />
          <Route path="*" element={<SignedIn><NotFound /></SignedIn>} />
        </Routes>
      </AuthProvider>
    </BrowserRouter>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}
