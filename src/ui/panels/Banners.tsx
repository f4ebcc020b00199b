/** Notices (a bad URL parameter, a refused command), the fork notice with Undo, and the failure banner with its way out. */
import { useController } from "../context";
import { formatSeconds } from "../format";
import { dismissNotice, useUi } from "../store";
import { ChallengeBanner, ChallengeMaker } from "./Challenge";
import { CompareForm } from "./Compare";

export function Banners() {
  const controller = useController();
  const notices = useUi((s) => s.notices);
  const failure = useUi((s) => s.failure);
  const busy = useUi((s) => s.busy);
  const fork = useUi((s) => s.fork);
  return (
    <div className="banners">
      <ChallengeBanner />
      <ChallengeMaker />
      <CompareForm />
      {failure ? (
        <div className="banner banner-failure" role="alert">
          <p>
            <strong>{busy ? "The simulation is busy." : "The simulation stopped."}</strong> {failure}
          </p>
          <button type="button" className="primary" onClick={() => controller.restartWorker()}>
            Restart simulation
          </button>
        </div>
      ) : null}
      {fork ? (
        <div className="banner banner-fork" role="status">
          {fork.reset ? (
            <p>
              Reset put the run aside: {formatSeconds(fork.reset.endMs)} of it and {fork.discarded} command{fork.discarded === 1 ? "" : "s"}.
            </p>
          ) : (
            <p>
              You changed the past at {formatSeconds(fork.atMs)}: the run after it was replaced
              {fork.discarded > 0 ? `, and ${fork.discarded} later command${fork.discarded === 1 ? " was" : "s were"} discarded` : ""}.
            </p>
          )}
          <button type="button" onClick={() => controller.undo()}>
            Undo
          </button>
          <button type="button" className="link" onClick={() => useUi.setState({ fork: null })} aria-label="Dismiss: keep the new run">
            Keep
          </button>
        </div>
      ) : null}
      {notices.length > 0 ? (
        <div className="banner banner-notice" role="alert">
          <ul>
            {notices.map((n) => (
              <li key={n.id}>
                <span>{n.text}</span>
                <button type="button" className="link" onClick={() => dismissNotice(n.id)} aria-label={`Dismiss: ${n.text}`}>
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
