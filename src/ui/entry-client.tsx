import { StrictMode } from "react";
import { createRoot, hydrateRoot } from "react-dom/client";
import { App, loadPageData } from "./App";
import { routeFromDataset, routeFromPath } from "./routes";
import { registerServiceWorkerWhenLoaded } from "./sw-register";
import "./styles.css";

async function start() {
  const root = document.getElementById("root");
  if (!root) return;
  // Built pages are prerendered and name their route; the dev server's empty shell does not.
  const prerendered = root.hasChildNodes();
  const route = prerendered ? routeFromDataset(root.dataset) : routeFromPath(location.pathname);
  if (!route) return;
  const data = await loadPageData(route);
  const app = <App route={route} data={data} />;
  if (prerendered) hydrateRoot(root, app);
  else createRoot(root).render(<StrictMode>{app}</StrictMode>);
}

void start();
registerServiceWorkerWhenLoaded();
