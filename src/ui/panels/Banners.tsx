/** Notices (a bad URL parameter, a refused command) and the failure banner with its way out. */
import { useController } from "../context";
import { dismissNotice, useUi } from "../store";

export function Banners() {
  const controller = useController();
  const notices = useUi((s) => s.notices);
  const failure = useUi((s) => s.failure);
  return (
    <div className="banners">
      {failure ? (
        <div className="banner banner-failure" role="alert">
          <p>
            <strong>The simulation stopped.</strong> {failure}
          </p>
          <button type="button" className="primary" onClick={() => controller.restartWorker()}>
            Restart simulation
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
