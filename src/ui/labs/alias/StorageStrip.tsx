// One storage buffer as a strip of slots; the slots a tensor reads are marked (border and a
// dot, not colour alone), with the offset and strides that pick them.

import { chooseFormat } from "../../grid/format";
import type { Tensor } from "../../../tensor/tensor";
import { ls, type LabLang } from "../strings";
import { specialClass } from "../common/ValueGrid";

export function StorageStrip({
  owner,
  storageOf,
  reader,
  readerName,
  covered,
  changed,
  lang,
}: {
  owner: string;
  storageOf: Tensor;
  reader: Tensor;
  readerName: string;
  covered: ReadonlySet<number>;
  changed?: ReadonlySet<number>;
  lang: LabLang;
}) {
  const data = storageOf.storage;
  const n = data.data.length;
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(Number(data.data[i]));
  const fmt = chooseFormat(data.dtype.name, values);
  return (
    <figure className="storage-strip">
      <figcaption>
        {ls(lang, "storageStrip", { owner, reader: readerName })} ·{" "}
        <code>
          {readerName}.storage_offset() = {reader.offset}
        </code>{" "}
        ·{" "}
        <code>
          {readerName}.stride() = ({reader.strides.join(", ")}
          {reader.strides.length === 1 ? "," : ""})
        </code>
      </figcaption>
      <ol className="strip" aria-label={`Storage #${data.id}`}>
        {values.map((v, i) => {
          const on = covered.has(i);
          return (
            <li
              key={i}
              className={[
                "slot",
                on ? "covered" : "",
                specialClass(v),
                changed?.has(i) ? "lab-changed" : "",
              ]
                .filter(Boolean)
                .join(" ")}
            >
              <span className="slot-index">{i}</span>
              <span className="slot-value">{fmt.format(v)}</span>
              <span className="visually-hidden">{on ? `, ${readerName}` : ""}</span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
