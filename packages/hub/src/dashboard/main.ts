// The dashboard page's entry module: the page at /dashboard/ loads it as dashboard.js.
import { startDashboard } from './dashboard-page.js';

const root = document.getElementById('dashboard');
if (root) startDashboard(root, { statsUrl: new URL('../v1/stats', document.baseURI) });
