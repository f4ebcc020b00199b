/**
 * The graph's legend: message kinds (shape and colour), the node fill scale with its ring, crashed
 * nodes, dropped messages (lost, or cut off by a partition), partition groups and cut links, and the
 * learning flash. Drawn from the same table as the canvas
 * (./styles.ts) with colours read from the same CSS properties, as tiny inline SVG with
 * presentation attributes only (the page's CSP forbids style attributes).
 */
import { useEffect, useId, useState } from "react";
import { adoptGraphSheet } from "./sheet";
import { MESSAGE_KINDS, SHAPE_VERTICES, type Shape, type Theme } from "./styles";
import { readTheme, watchTheme } from "./theme";

const ICON = 16;
const C = ICON / 2;

function useGraphTheme(): Theme {
  const [theme, setTheme] = useState(() => readTheme(document.documentElement));
  useEffect(() => {
    adoptGraphSheet();
    const refresh = () => setTheme(readTheme(document.documentElement));
    refresh();
    return watchTheme(refresh);
  }, []);
  return theme;
}

/** SVG `points` of a unit shape scaled to `radius` around the icon centre. */
function polygonPoints(verts: readonly number[], radius: number): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < verts.length; i += 2) pairs.push(`${(C + verts[i]! * radius).toFixed(2)},${(C + verts[i + 1]! * radius).toFixed(2)}`);
  return pairs.join(" ");
}

function ShapeIcon({ shape, fill, stroke }: { shape: Shape; fill: string; stroke: string }) {
  const radius = 4.6;
  const verts = SHAPE_VERTICES[shape];
  const mark =
    verts.length === 0 ? (
      <circle cx={C} cy={C} r={radius} fill={fill} stroke={stroke} strokeWidth={1} />
    ) : (
      <polygon
        points={polygonPoints(verts, radius)}
        fill={fill}
        stroke={stroke}
        strokeWidth={1}
        strokeLinejoin="round"
      />
    );
  return (
    <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
      {mark}
    </svg>
  );
}

function Cross({ x, y, size, color, width }: { x: number; y: number; size: number; color: string; width: number }) {
  const d = `M${x - size} ${y - size}L${x + size} ${y + size}M${x + size} ${y - size}L${x - size} ${y + size}`;
  return <path d={d} stroke={color} strokeWidth={width} strokeLinecap="round" fill="none" />;
}

/** Ring arc for share s of a circle of radius r at (C, C), clockwise from the top, as an SVG path. */
function arcPath(r: number, s: number): string {
  const a = -Math.PI / 2 + 2 * Math.PI * s;
  const x = C + r * Math.cos(a);
  const y = C + r * Math.sin(a);
  return `M${C} ${C - r}A${r} ${r} 0 ${s > 0.5 ? 1 : 0} 1 ${x.toFixed(2)} ${y.toFixed(2)}`;
}

export function Legend({ className }: { className?: string }) {
  const theme = useGraphTheme();
  const gradientId = useId();
  const stops = theme.scale;
  const outline = theme["--graph-msg-outline"];
  const node = theme["--graph-node"];
  const mid = stops[Math.floor(stops.length / 2)] ?? stops[0] ?? "#888888";
  return (
    <ul className={className ? `graph-legend ${className}` : "graph-legend"} aria-label="Legend of the peer graph">
      {MESSAGE_KINDS.map((kind) => (
        <li key={kind.id}>
          <ShapeIcon shape={kind.shape} fill={theme[kind.colorVar]} stroke={outline} />
          {kind.label}
        </li>
      ))}
      <li>
        <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
          <Cross x={C} y={C} size={4} color={outline} width={4.2} />
          <Cross x={C} y={C} size={4} color={theme["--graph-drop"]} width={2.4} />
        </svg>
        lost
      </li>
      <li>
        <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
          <circle cx={C} cy={C} r={4.6} fill="none" stroke={outline} strokeWidth={3.6} />
          <circle cx={C} cy={C} r={4.6} fill="none" stroke={theme["--graph-drop"]} strokeWidth={2} />
          <path d={`M${C - 3.2} ${C + 3.2}L${C + 3.2} ${C - 3.2}`} stroke={theme["--graph-drop"]} strokeWidth={2} />
        </svg>
        cut off by a partition
      </li>
      <li>
        <svg width={30} height={ICON} viewBox={`0 0 30 ${ICON}`} aria-hidden="true" focusable="false">
          <circle cx={7} cy={C} r={6.5} fill={theme["--graph-group-1"]} opacity={0.4} />
          <circle cx={23} cy={C} r={6.5} fill={theme["--graph-group-0"]} opacity={0.4} />
          <path d={`M7 ${C}L23 ${C}`} stroke={theme["--graph-edge"]} strokeWidth={1.5} strokeDasharray="2.5 2.5" />
        </svg>
        partition groups, cut link
      </li>
      <li>
        <svg width={44} height={ICON} viewBox={`0 0 44 ${ICON}`} aria-hidden="true" focusable="false">
          <defs>
            <linearGradient id={gradientId} x1="0" x2="1" y1="0" y2="0">
              {stops.map((color, i) => (
                <stop key={i} offset={stops.length > 1 ? i / (stops.length - 1) : 0} stopColor={color} />
              ))}
            </linearGradient>
          </defs>
          <rect x={0.5} y={3.5} width={43} height={9} rx={2} fill={`url(#${CSS.escape(gradientId)})`} stroke={node} strokeWidth={1} />
        </svg>
        node fill: values known, none to all
      </li>
      <li>
        <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
          <circle cx={C} cy={C} r={6.8} fill="none" stroke={theme["--graph-ring-track"]} strokeWidth={2} />
          <path d={arcPath(6.8, 0.6)} fill="none" stroke={theme["--graph-ring"]} strokeWidth={2} />
          <circle cx={C} cy={C} r={4.6} fill={mid} stroke={node} strokeWidth={1} />
        </svg>
        ring: share known
      </li>
      <li>
        <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
          <circle cx={C} cy={C} r={6} fill={theme["--graph-crashed"]} />
          <Cross x={C} y={C} size={3.3} color={theme["--graph-crashed-mark"]} width={1.6} />
        </svg>
        crashed
      </li>
      <li>
        <svg width={ICON} height={ICON} viewBox={`0 0 ${ICON} ${ICON}`} aria-hidden="true" focusable="false">
          <circle cx={C} cy={C} r={3.5} fill={stops[stops.length - 1] ?? mid} stroke={node} strokeWidth={1} />
          <circle cx={C} cy={C} r={6.8} fill="none" stroke={theme["--graph-flash"]} strokeWidth={1.4} opacity={0.7} />
        </svg>
        just learned
      </li>
    </ul>
  );
}
