/** The page: header, banners, transport, parameters, the graph, and the panels of numbers. */
import { Component, useEffect, useRef, useState, type DragEvent, type ErrorInfo, type ReactNode, type RefObject } from "react";
import { ControllerContext } from "./context";
import type { Controller } from "./controller";
import { useUi } from "./store";
import { Banners } from "./panels/Banners";
import { ControlPanel } from "./panels/ControlPanel";
import { FaultsPanel } from "./panels/FaultsPanel";
import { GraphPanel } from "./panels/GraphPanel";
import { Inspector } from "./panels/Inspector";
import { LessonBanner, LessonsPanel } from "./panels/Lessons";
import { MessagePanel } from "./panels/MessagePanel";
import { PresenterBar, usePresenterKeys } from "./panels/Presenter";
import { MessagesTable } from "./panels/MessagesTable";
import { CompareTable } from "./panels/Compare";
import { KnowledgeGrid } from "./panels/KnowledgeGrid";
import { ExperimentsPanel } from "./panels/ExperimentsPanel";
import { RunFiles } from "./panels/RunFiles";
import { SpaceTimeDiagram } from "./panels/SpaceTimeDiagram";
import { SpreadChart } from "./panels/SpreadChart";
import { Totals } from "./panels/Totals";
import { Transport } from "./panels/Transport";

/** Whether a drag carries files (not text or a link being dragged about the page). */
function carriesFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes("Files");
}

export function App({ controller }: { controller: Controller }) {
  return (
    <ControllerContext.Provider value={controller}>
      <Page controller={controller} />
    </ControllerContext.Provider>
  );
}

function Page({ controller }: { controller: Controller }) {
  const [dropping, setDropping] = useState(false);
  const presenting = useUi((s) => s.presenting);
  usePresenterKeys();
  const topbarRef = useHeightVariable("--topbar-h");
  return (
    <>
      <div
        className={["app", dropping ? "app-dropping" : "", presenting ? "presenting" : ""].filter(Boolean).join(" ")}
        onDragOver={(e) => {
          if (!carriesFiles(e)) return;
          e.preventDefault();
          setDropping(true);
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDropping(false);
        }}
        onDrop={(e) => {
          if (!carriesFiles(e)) return;
          e.preventDefault();
          setDropping(false);
          const file = e.dataTransfer.files[0];
          if (file) void controller.importRun(file);
        }}
      >
        <a
          className="skip-link"
          href="#graph"
          onClick={(e) => {
            // The graph's canvas is made by the graph view: focus it rather than follow an anchor.
            e.preventDefault();
            document.querySelector<HTMLCanvasElement>("canvas.graph-canvas")?.focus();
          }}
        >
          Skip to the graph
        </a>
        <div className="topbar" ref={topbarRef}>
          <header className="masthead">
            <h1>
              <span className="logo" aria-hidden="true">
                ◉
              </span>
              GossipScope
            </h1>
            <p className="tagline">Watch a rumour spread: every round each node tells a few peers what it knows, over a network that delays and loses messages.</p>
          </header>
          <Transport />
        </div>
        <Banners />
        <main className="workspace">
          <aside className="sidebar sidebar-controls" aria-label="Run parameters">
            <Guarded name="The lesson">
              <LessonBanner />
            </Guarded>
            <Guarded name="The parameters">
              <ControlPanel />
            </Guarded>
            <Guarded name="The partition controls">
              <FaultsPanel />
            </Guarded>
            <Guarded name="The run files">
              <RunFiles />
            </Guarded>
            <Guarded name="The lessons">
              <LessonsPanel />
            </Guarded>
          </aside>
          <section className="stage" aria-label="Peer graph">
            <Guarded name="The graph">
              <GraphPanel />
            </Guarded>
          </section>
          <aside className="sidebar sidebar-numbers" aria-label="Numbers">
            <PresenterBar />
            <Guarded name="The message">
              <MessagePanel />
            </Guarded>
            <Guarded name="The inspector">
              <Inspector />
            </Guarded>
            <Guarded name="The messages table">
              <MessagesTable />
            </Guarded>
            <Guarded name="The chart">
              <SpreadChart />
            </Guarded>
            <Guarded name="The comparison">
              <CompareTable />
            </Guarded>
            <Guarded name="The totals">
              <Totals />
            </Guarded>
          </aside>
        </main>
        <section className="story" aria-label="The story of every message">
          <Guarded name="The space-time diagram">
            <SpaceTimeDiagram />
          </Guarded>
          <Guarded name="The knowledge grid">
            <KnowledgeGrid />
          </Guarded>
          <Guarded name="The experiments"><ExperimentsPanel /></Guarded>
        </section>
      </div>
    </>
  );
}

/**
 * Keeps the CSS variable `name` on the page's root equal to the element's height in px: the sticky
 * graph and sidebars sit just below the sticky top bar, whatever its wrapping makes it.
 */
function useHeightVariable(name: string): RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty(name, `${Math.ceil(element.getBoundingClientRect().height)}px`));
    observer.observe(element);
    return () => observer.disconnect();
  }, [name]);
  return ref;
}

/** A panel that throws shows a message in its place; the rest of the page keeps working. */
class Guarded extends Component<{ name: string; children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.warn(`${this.props.name} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="panel panel-broken" role="alert">
        <p>
          {this.props.name} stopped working: {this.state.error}
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
