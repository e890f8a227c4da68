// What the page exposes for its browser tests and measurements, as
// window.takedown: the Cytoscape instance of the network shown (cy),
// whether its graph has drawn, the time (ms since the page started) when a
// view first appeared, and any Content-Security-Policy violation.

export const test = {
  cy: null,
  graphDrawn: false,
  marks: {},
  cspViolations: [],
};
window.takedown = test;

document.addEventListener('securitypolicyviolation', (e) => {
  test.cspViolations.push(`${e.violatedDirective} ${e.blockedURI || ''}`.trim());
});

// mark records when something first appeared, as a performance mark too.
export function mark(name) {
  if (test.marks[name] !== undefined) return;
  test.marks[name] = performance.now();
  try { performance.mark('takedown:' + name); } catch { /* old browsers */ }
}
