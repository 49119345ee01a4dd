import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReportPage } from './report-page.js';
// The example NGO's site stylesheet, which the plain HTML example uses too.
import '../../html-embed/style.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no element with id "root" to render the page into.');
createRoot(root).render(
  <StrictMode>
    <ReportPage />
  </StrictMode>,
);
