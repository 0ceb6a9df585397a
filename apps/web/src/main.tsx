import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@digdir/designsystemet-css';
import './theme/samspar.css';
import './theme/journey.css';
import './theme/lists.css';
import './theme/reports.css';
import './theme/admin.css';
import './app.css';
import { configureClient } from './api/client';
import { signOut, tokenOf } from './auth/session';
import { setUpI18n } from './i18n';
import { App } from './App';

configureClient({ baseUrl: '', token: tokenOf, onUnauthenticated: signOut });

void setUpI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
