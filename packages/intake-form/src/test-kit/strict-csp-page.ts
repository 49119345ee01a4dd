// The page of strict-csp.html: watches for CSP violations first, then loads the form.
import { cspViolations } from './csp-watch.js';
import '../intake-form.js';

(window as unknown as { cspViolations: string[] }).cspViolations = cspViolations;
