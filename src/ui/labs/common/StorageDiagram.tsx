// Names -> tensor objects -> storage buffers, drawn as boxes and arrows, so whether two names
// share a storage is seen rather than told.

import { useId } from "react";
import { ls, type LabLang } from "../strings";

export interface DiagramName {
  readonly name: string;
  readonly tensor: string;
}
export interface DiagramTensor {
  readonly id: string;
  readonly lines: readonly string[];
  readonly storage: string;
}
export interface DiagramStorage {
  readonly id: string;
  readonly lines: readonly string[];
  readonly fresh?: boolean;
}

const COL_X = [8, 120, 330];
const COL_W = [70, 170, 160];
const ROW_H = 64;
const BOX_H = 48;

export function StorageDiagram({
  names,
  tensors,
  storages,
  lang,
}: {
  names: readonly DiagramName[];
  tensors: readonly DiagramTensor[];
  storages: readonly DiagramStorage[];
  lang: LabLang;
}) {
  const marker = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const rowsN = Math.max(names.length, tensors.length, storages.length, 1);
  const height = rowsN * ROW_H + 28;
  const y = (i: number, n: number) => 28 + ((rowsN - n) * ROW_H) / 2 + i * ROW_H;
  const tIndex = new Map(tensors.map((t, i) => [t.id, i]));
  const sIndex = new Map(storages.map((s, i) => [s.id, i]));
  const desc = names
    .map((n) => {
      const t = tensors.find((x) => x.id === n.tensor);
      const s = storages.find((x) => x.id === t?.storage);
      return `${n.name} → ${t?.lines[0] ?? "?"} → ${s?.lines[0] ?? "?"}`;
    })
    .join("; ");
  const arrow = (x1: number, y1: number, x2: number, y2: number, key: string) => (
    <path
      key={key}
      d={`M${x1},${y1} C${(x1 + x2) / 2},${y1} ${(x1 + x2) / 2},${y2} ${x2 - 4},${y2}`}
      className="sd-arrow"
      markerEnd={`url(#${marker})`}
    />
  );
  return (
    <figure className="storage-diagram">
      <svg
        viewBox={`0 0 500 ${height}`}
        role="img"
        aria-label={`${ls(lang, "storageDiagram")}: ${desc}`}
        className="sd-svg"
      >
        <defs>
          <marker
            id={marker}
            viewBox="0 0 8 8"
            refX="6"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="sd-head" />
          </marker>
        </defs>
        <text x={COL_X[0]} y={16} className="sd-head-text">
          {ls(lang, "names")}
        </text>
        <text x={COL_X[1]} y={16} className="sd-head-text">
          {ls(lang, "tensorObjects")}
        </text>
        <text x={COL_X[2]} y={16} className="sd-head-text">
          {ls(lang, "storages")}
        </text>
        {names.map((n, i) => {
          const ny = y(i, names.length) + BOX_H / 2;
          const ti = tIndex.get(n.tensor) ?? 0;
          const ty = y(ti, tensors.length) + BOX_H / 2;
          return (
            <g key={`n${n.name}`}>
              <text x={COL_X[0] + 4} y={ny + 5} className="sd-name">
                {n.name}
              </text>
              {arrow(COL_X[0] + COL_W[0] - 20, ny, COL_X[1], ty, `a${n.name}`)}
            </g>
          );
        })}
        {tensors.map((t, i) => {
          const ty = y(i, tensors.length);
          const si = sIndex.get(t.storage) ?? 0;
          const sy = y(si, storages.length) + BOX_H / 2;
          return (
            <g key={`t${t.id}`}>
              <rect
                x={COL_X[1]}
                y={ty}
                width={COL_W[1]}
                height={BOX_H}
                rx={6}
                className="sd-tensor"
              />
              {t.lines.map((l, k) => (
                <text
                  key={k}
                  x={COL_X[1] + 8}
                  y={ty + 18 + k * 16}
                  className={k === 0 ? "sd-title" : "sd-line"}
                >
                  {l}
                </text>
              ))}
              {arrow(COL_X[1] + COL_W[1], ty + BOX_H / 2, COL_X[2], sy, `s${t.id}`)}
            </g>
          );
        })}
        {storages.map((s, i) => {
          const sy = y(i, storages.length);
          return (
            <g key={`s${s.id}`}>
              <rect
                x={COL_X[2]}
                y={sy}
                width={COL_W[2]}
                height={BOX_H}
                rx={2}
                className={s.fresh ? "sd-storage fresh" : "sd-storage"}
              />
              {s.lines.map((l, k) => (
                <text
                  key={k}
                  x={COL_X[2] + 8}
                  y={sy + 18 + k * 16}
                  className={k === 0 ? "sd-title" : "sd-line"}
                >
                  {l}
                </text>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
