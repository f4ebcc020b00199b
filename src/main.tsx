/** Entry: starts the controller (and with it the simulation worker), then renders the page. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./ui/App";
import { createController } from "./ui/controller";
// The page stylesheet: Vite bundles it into a file of its own (the CSP allows no inline style).
// oxlint-disable-next-line import/no-unassigned-import
import "./ui/styles.css";

const root = document.getElementById("root");
if (root) {
  try {
    const controller = createController();
    createRoot(root).render(
      <StrictMode>
        <App controller={controller} />
      </StrictMode>,
    );
  } catch (err) {
    // Without a worker there is nothing to show; say so instead of leaving the page blank.
    const message = document.createElement("p");
    message.className = "fatal";
    message.setAttribute("role", "alert");
    message.textContent = `GossipScope could not start: ${err instanceof Error ? err.message : String(err)}. It needs a current browser with module workers.`;
    root.replaceChildren(message);
  }
}
