// The client entry of /embed/{kind}/ pages: the lab and nothing of the site around it, so an
// embed stays small (no notebook, no lessons, no router).

import { hydrateRoot } from "react-dom/client";
import { EmbedPage } from "./EmbedPage";
import { isEmbedKind } from "./protocol";
import "../styles.css";
import "./embed.css";

const root = document.getElementById("root");
const kind = root?.dataset.lab;
if (root && isEmbedKind(kind)) hydrateRoot(root, <EmbedPage kind={kind} />);
