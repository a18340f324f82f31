// A small picture of a person's network. Cytoscape is loaded only when the graph is shown; the
// list next to it is the accessible version (the canvas is hidden from screen readers).
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';

export interface GraphNode { id: string; label: string; center?: boolean }
export interface GraphEdge { id: string; source: string; target: string; label: string; directed: boolean; strength?: number }

function positions(nodes: GraphNode[]): Record<string, { x: number; y: number }> {
  const others = nodes.filter((n) => !n.center);
  const radius = Math.max(150, others.length * 22);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of nodes) if (n.center) out[n.id] = { x: 0, y: 0 };
  others.forEach((n, i) => {
    const angle = Math.PI + (2 * Math.PI * i) / Math.max(1, others.length) + (others.length === 2 ? 0 : Math.PI / 12);
    out[n.id] = { x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * 0.6 * Math.sin(angle)) };
  });
  return out;
}

export function RelationshipGraph({ nodes, edges }: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify([nodes, edges]);

  useEffect(() => {
    let destroyed = false;
    let instance: { destroy: () => void } | null = null;
    let observer: ResizeObserver | null = null;
    import('cytoscape').then(({ default: cytoscape }) => {
      if (destroyed || !box.current) return;
      const cy = cytoscape({
        container: box.current,
        elements: [
          ...nodes.map((n) => ({ data: { id: n.id, label: n.label }, classes: n.center ? 'center' : '' })),
          ...edges.map((e) => ({
            data: { id: e.id, source: e.source, target: e.target, label: e.label, width: 1 + 3 * (e.strength ?? 0.5) },
            classes: e.directed ? 'directed' : '',
          })),
        ],
        style: [
          { selector: 'node', style: {
            'background-color': '#0f5f73', label: 'data(label)', color: '#1b2430', 'font-size': 11,
            'text-valign': 'bottom', 'text-margin-y': 4, width: 18, height: 18,
            'text-wrap': 'ellipsis', 'text-max-width': '110px' } },
          { selector: 'node.center', style: { 'background-color': '#b3541e', width: 28, height: 28, 'font-weight': 'bold' } },
          { selector: 'edge', style: {
            width: 'data(width)', 'line-color': '#9fb0c0', 'curve-style': 'bezier', label: 'data(label)',
            'font-size': 9, color: '#4a5666', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff',
            'text-background-opacity': 0.8, 'text-background-padding': '1px' } },
          { selector: 'edge.directed', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#9fb0c0' } },
        ],
        maxZoom: 1.6,
        minZoom: 0.3,
        // The person in the middle, the others around on a circle (the first on the left).
        layout: { name: 'preset', positions: positions(nodes), fit: true, padding: 24 },
        userZoomingEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: false,
      });
      cy.on('tap', 'node', (event) => {
        const target = event.target as { id: () => string; hasClass: (c: string) => boolean };
        if (!target.hasClass('center')) navigate(`/contacts/${target.id()}`);
      });
      cy.fit(undefined, 24);
      instance = cy;
      // Follow the card's width (window resizes, the columns stacking below 1000 px).
      observer = new ResizeObserver(() => { cy.resize(); cy.fit(undefined, 24); });
      observer.observe(box.current);
    }).catch(() => { if (!destroyed) setFailed(true); });
    return () => { destroyed = true; observer?.disconnect(); instance?.destroy(); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, navigate]);

  if (failed) return <p className="muted small">{t('contacts.graph.failed')}</p>;
  return <div ref={box} className="ct-graph" aria-hidden="true" data-testid="relationship-graph" />;
}
