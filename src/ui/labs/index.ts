// The labs' public surface. `LABS` maps each kind to a lazily loaded component, so a page pulls
// in only the labs it shows (the tensor core and Observable Plot come with them, not before).
// encodeState / decodeState live in ./codecs: importing them loads the lab models.

import "./labs.css";

export { LABS } from "./registry";
export { Lab } from "./Lab";
export { LabPage, labTitle } from "./LabPage";
export { LAB_KINDS, type LabKind, type LabProps } from "./types";
export type { LabLang } from "./strings";
