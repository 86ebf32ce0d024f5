import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
// Theme first: the others use its variables.
import './styles/theme.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/table.css';
import './styles/dialog.css';
import './styles/forms.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
