// Drawing a network with Cytoscape.js (vendored, loaded on first use).

import { test, mark } from '/assets/state.js';

let loading = null;

// loadCytoscape loads the vendored Cytoscape.js once.
export function loadCytoscape() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/assets/vendor/cytoscape.min.js';
      s.addEventListener('load', () => resolve(window.cytoscape));
      s.addEventListener('error', () => { loading = null; reject(new Error('The graph library could not be loaded.')); });
      document.head.append(s);
    });
  }
  return loading;
}

// Colours of the platforms; other platforms are grey.
export const PLATFORM_COLORS = {
  facebook: '#1f5fbf',
  instagram: '#b0307a',
  telegram: '#1c9ad6',
  tiktok: '#0f8a7e',
  x: '#3a3a3a',
  youtube: '#d62a1e',
};
export const OTHER_COLOR = '#8a8f98';
const IDENT_COLOR = '#e0a800';

export function platformColor(p) { return PLATFORM_COLORS[p] || OTHER_COLOR; }

// Evidence that ties accounts strongly; drawn darker.
const STRONG = new Set(['shared_phone', 'shared_messaging', 'shared_payment', 'shared_crypto', 'shared_email',
  'co_admin', 'contact', 'same_as']);

export function isRemoved(status) { return status === 'removed' || status === 'suspended'; }

// elements turns the API's nodes and edges into Cytoscape elements.
export function elements(view) {
  const nodes = Array.isArray(view && view.nodes) ? view.nodes : [];
  const edges = Array.isArray(view && view.edges) ? view.edges : [];
  const maxPR = Math.max(1e-9, ...nodes.map((n) => (Number.isFinite(n.pagerank) ? n.pagerank : 0)));
  const ids = new Set();
  const out = [];
  for (const n of nodes) {
    if (!n || !n.id || ids.has(n.id)) continue;
    ids.add(n.id);
    const key = n.role === 'key player';
    const pr = Number.isFinite(n.pagerank) ? n.pagerank / maxPR : 0;
    let size = 14 + 22 * Math.sqrt(Math.max(0, pr));
    if (key) size = Math.max(size, 30) + 8;
    const removed = isRemoved(n.status);
    const kind = n.kind || 'account';
    const label = (removed ? '✕ ' : '') + (n.label || n.id);
    const classes = ['kind-' + kind.replace(/[^a-z]/g, '')];
    if (key) classes.push('key');
    if (n.role === 'bridge') classes.push('bridge');
    if (removed) classes.push('removed');
    out.push({
      group: 'nodes',
      data: { id: n.id, label, kind, platform: n.platform || '', status: n.status || '', role: n.role || '',
        pagerank: n.pagerank, merged: n.merged || [], color: kind === 'identifier' ? IDENT_COLOR : platformColor(n.platform),
        size: Math.round(size) },
      classes: classes.join(' '),
    });
  }
  const weights = edges.map((e) => (Number.isFinite(e.weight) ? e.weight : 1));
  const wMax = Math.max(1e-9, ...weights);
  edges.forEach((e, i) => {
    if (!e || !ids.has(e.source) || !ids.has(e.target) || e.source === e.target) return;
    const ev = Array.isArray(e.evidence) ? e.evidence : [];
    const strong = ev.some((x) => STRONG.has(x));
    out.push({
      group: 'edges',
      data: { id: 'e' + i, source: e.source, target: e.target, weight: weights[i], evidence: ev.join(', '),
        w: 0.7 + 3.3 * (weights[i] / wMax) },
      classes: strong ? 'strong' : '',
    });
  });
  return out;
}

const STYLE = [
  { selector: 'node', style: {
    'background-color': 'data(color)', width: 'data(size)', height: 'data(size)', label: '',
    'font-size': 9, 'min-zoomed-font-size': 7, 'text-valign': 'bottom', 'text-margin-y': 2, color: '#1d2430',
    'text-outline-color': '#ffffff', 'text-outline-width': 2, 'text-max-width': 110, 'text-wrap': 'ellipsis',
    'border-width': 1, 'border-color': '#ffffff' } },
  { selector: 'node.kind-page', style: { shape: 'round-rectangle' } },
  { selector: 'node.kind-identifier', style: { shape: 'diamond', width: 14, height: 14, 'font-size': 8, 'border-color': '#7a5c00' } },
  // Labels: key players' always, the others' when asked for or selected.
  { selector: 'node.key, node.labelled, node:selected, node.planned', style: { label: 'data(label)' } },
  { selector: 'node.key', style: { 'font-size': 12, 'min-zoomed-font-size': 3, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#111111', 'z-index': 10 } },
  { selector: 'node.removed', style: { 'border-style': 'dashed', 'border-width': 3, 'border-color': '#b00020', 'background-opacity': 0.45 } },
  { selector: 'node.planned', style: { 'overlay-color': '#b00020', 'overlay-opacity': 0.28, 'overlay-padding': 6 } },
  { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#ffbf47', 'border-style': 'solid' } },
  { selector: 'edge', style: { width: 'data(w)', 'line-color': '#c3c8d0', 'curve-style': 'haystack', 'haystack-radius': 0, opacity: 0.85 } },
  { selector: 'edge.strong', style: { 'line-color': '#6b7280' } },
  { selector: 'edge.ident', style: { 'line-color': IDENT_COLOR, width: 1, 'line-style': 'dashed', 'curve-style': 'straight' } },
  { selector: 'edge:selected', style: { 'line-color': '#ffbf47', width: 4 } },
  { selector: '.hidden', style: { display: 'none' } },
];

function layoutFor(n) {
  if (n > 800) return { name: 'concentric', animate: false, fit: true, padding: 24, concentric: (node) => node.data('size'), levelWidth: () => 8 };
  // The temperature cools in about 180 steps instead of Cytoscape's
  // default 700: the drawing settles a few times sooner, and the shape of
  // a network of a few hundred accounts comes out the same.
  return { name: 'cose', animate: false, randomize: true, fit: true, padding: 24, numIter: 1000,
    initialTemp: 1000, coolingFactor: 0.962, minTemp: 1,
    nodeRepulsion: () => 6000, idealEdgeLength: () => 40, nodeOverlap: 8, gravity: 1.2, componentSpacing: 60 };
}

// draw draws view into container and resolves, once drawn, to a handle:
// cy, select(id), mark(ids, cls) and addIdentifiers(list). onSelect gets
// the data of the tapped node or edge (null when the background is tapped).
export async function draw(container, view, onSelect) {
  const cytoscape = await loadCytoscape();
  mark('graph-library');
  const els = elements(view);
  const cy = cytoscape({
    container, elements: els, style: STYLE, layout: { name: 'preset' },
    wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false,
  });
  test.cy = cy;
  const drawn = new Promise((resolve) => {
    const layout = cy.layout(layoutFor(cy.nodes().length));
    layout.one('layoutstop', () => {
      mark('graph-layout');
      cy.fit(undefined, 24);
      // One frame after the layout, the canvas shows the drawing.
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    });
    layout.run();
  });
  cy.on('tap', 'node, edge', (e) => onSelect && onSelect(e.target.isNode() ? { node: e.target.data() } : { edge: e.target.data() }));
  cy.on('tap', (e) => { if (e.target === cy && onSelect) onSelect(null); });
  await drawn;

  return {
    cy,
    select(id) {
      const n = cy.getElementById(id);
      if (!n || n.empty()) return false;
      cy.elements(':selected').unselect();
      n.select();
      cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
      if (onSelect) onSelect({ node: n.data() });
      return true;
    },
    mark(ids, cls) {
      cy.nodes('.' + cls).removeClass(cls);
      for (const id of ids) cy.getElementById(id).addClass(cls);
    },
    // addIdentifiers adds identifiers as diamonds tied to the members that
    // use them, each placed among its users (the layout is kept).
    addIdentifiers(list) {
      const add = [];
      for (const it of list) {
        const users = (it.users || []).filter((u) => !cy.getElementById(u).empty());
        if (users.length < 2) continue;
        const id = 'ident|' + it.key;
        if (!cy.getElementById(id).empty()) continue;
        let x = 0;
        let y = 0;
        for (const u of users) { const p = cy.getElementById(u).position(); x += p.x; y += p.y; }
        add.push({ group: 'nodes', data: { id, label: it.value, kind: 'identifier', identKind: it.kind, key: it.key,
          color: IDENT_COLOR, size: 14 }, classes: 'kind-identifier ident', position: { x: x / users.length + 6, y: y / users.length + 6 } });
        users.forEach((u, i) => add.push({ group: 'edges', data: { id: id + '|' + i, source: id, target: u, evidence: 'uses ' + it.kind, w: 1 }, classes: 'ident' }));
      }
      cy.add(add);
      return add.filter((e) => e.group === 'nodes').length;
    },
    showLabels(on) {
      cy.nodes().toggleClass('labelled', on);
    },
    showIdentifiers(on) {
      cy.elements('.ident').toggleClass('hidden', !on);
    },
  };
}

// nonBlankPixels counts the pixels of the graph's canvases that are
// painted: a check that the drawing is on screen.
export function nonBlankPixels(container) {
  let count = 0;
  for (const c of container.querySelectorAll('canvas')) {
    if (!c.width || !c.height) continue;
    const ctx = c.getContext('2d');
    if (!ctx) continue;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) count++;
  }
  return count;
}
