import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { browserHost, chooseApi } from './api';
import { createServices } from './services';
import './styles.css';

const services = createServices(chooseApi(browserHost()));
void services.session.getState().start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={services} />
  </StrictMode>,
);
