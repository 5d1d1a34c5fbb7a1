import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../lib/auth';

const LINKS = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/bots', label: 'Bots' },
  { to: '/chats', label: 'Chats' },
  { to: '/playground', label: 'Playground' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/requests', label: 'Requests' },
  { to: '/processing', label: 'Processing' },
  { to: '/usage', label: 'Usage' },
  { to: '/providers', label: 'Providers & models' },
  { to: '/api-keys', label: 'API keys' },
  { to: '/telegram', label: 'Telegram' },
  { to: '/account', label: 'Account' },
];

/** The frame of every signed-in page: a skip link, the navigation (a menu on phones), the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    setOpen(false);
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); main.current?.focus(); }}>
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Switchboard</span>
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="nav" onClick={() => setOpen((o) => !o)}>
          Menu
        </button>
        <nav id="nav" aria-label="Main" className={open ? 'open' : undefined}>
          <ul>
            {LINKS.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
            {user?.role === 'ADMIN' && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
          <div className="who">
            {user && <span className="muted" title={user.email}>{user.name || user.email}</span>}
            <button
              type="button"
              className="btn btn-link"
              onClick={async () => {
                await logout();
                navigate('/login', { replace: true });
              }}
            >
              Log out
            </button>
          </div>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
