// Exposes the page's CSP violations to the test that opened it.
import { cspViolations } from './csp-watch.js';

(window as unknown as { cspViolations: string[] }).cspViolations = cspViolations;
