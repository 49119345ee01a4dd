/** Records every Content Security Policy violation of the page, from before the form loads. */
export const cspViolations: string[] = [];

document.addEventListener('securitypolicyviolation', (event) => {
  cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || 'inline'}`);
});
