import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { setUpI18n } from '../i18n';

await setUpI18n('sv');

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
