/**
 * Challenge links: a teacher pauses a run, asks a question and gets a link ("Challenge",
 * "Question", "Create link", "Challenge link"). The link opens the run at that moment in predict
 * mode: the question, "Your prediction" and "Reveal"; the run does not go past the moment (the
 * worker holds play there) until the student commits to an answer. Everything is in the link.
 */
import { useId, useState } from "react";
import { useController } from "../context";
import { formatSeconds } from "../format";
import { useUi } from "../store";

/** The teacher's side: shown when Challenge is pressed. */
export function ChallengeMaker() {
  const controller = useController();
  const open = useUi((s) => s.challengeOpen);
  const [question, setQuestion] = useState("");
  const [link, setLink] = useState("");
  const questionId = useId();
  const linkId = useId();
  if (!open) return null;
  return (
    <section className="banner challenge" aria-label="Challenge">
      <div className="challenge-fields">
        <ChallengeLead />
        <label htmlFor={questionId}>Question</label>
        <input id={questionId} type="text" maxLength={500} placeholder="How many rounds until every node knows value 1?" value={question} onChange={(e) => setQuestion(e.target.value)} />
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setLink(controller.challengeLink(question))}>
            Create link
          </button>
          <button type="button" className="link" onClick={() => useUi.setState({ challengeOpen: false })}>
            Close
          </button>
        </div>
        {link ? (
          <>
            <label htmlFor={linkId}>Challenge link</label>
            <input id={linkId} type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
          </>
        ) : null}
      </div>
    </section>
  );
}

/** The moment the challenge would be asked at: only while the maker is open does it follow the clock. */
function ChallengeLead() {
  const nowMs = useUi((s) => s.nowMs);
  const playing = useUi((s) => s.playing);
  return (
    <p className="challenge-lead">
      Ask about what happens after {formatSeconds(nowMs)}: the link shows the run up to this moment and hides the rest until the student predicts.
      {playing ? " (Pause first to pick the moment.)" : ""}
    </p>
  );
}

/** The student's side: the question, a prediction, and Reveal. */
export function ChallengeBanner() {
  const controller = useController();
  const challenge = useUi((s) => s.challenge);
  const [prediction, setPrediction] = useState("");
  const inputId = useId();
  if (!challenge) return null;
  return (
    <section className="banner challenge" aria-label="Your challenge">
      <div className="challenge-fields">
        <p className="challenge-question">
          <strong>{challenge.question}</strong>
        </p>
        {challenge.revealed ? (
          <p>
            Your prediction: <strong>{challenge.prediction}</strong>. The run now goes on past {formatSeconds(challenge.atMs)}: watch what happens.
          </p>
        ) : (
          <>
            <p className="challenge-lead">The run is shown up to {formatSeconds(challenge.atMs)}; what comes next stays hidden until you predict it.</p>
            <label htmlFor={inputId}>Your prediction</label>
            <input
              id={inputId}
              type="text"
              maxLength={200}
              value={prediction}
              onChange={(e) => setPrediction(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") controller.reveal(prediction);
              }}
            />
            <div className="button-row">
              <button type="button" className="primary" disabled={prediction.trim() === ""} onClick={() => controller.reveal(prediction)}>
                Reveal
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
