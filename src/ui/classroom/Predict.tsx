// <Predict id question options answer> around a python cell: the learner commits to a prediction
// before seeing what the cell prints, then the recorded result (or their own run) and the
// explanation appear. In the lesson:
//
//   <Predict id="returns" question="What does the last line print?" options={["True", "False"]} answer={0}>
//   ```python … ```  ```output … ```
//   Why it is so, in Markdown.
//   </Predict>
//
// Without JavaScript the answer sits in a closed <details>, which a reader can open by hand.

import {
  Children,
  isValidElement,
  useCallback,
  useId,
  useState,
  useSyncExternalStore,
  type MouseEvent,
  type ReactNode,
} from "react";
import { useClassroom } from "./context";
import { forget, progressTable, record, subscribeProgress, type Prediction } from "./progress";
import { cs } from "./strings";

interface InnerProps {
  children?: ReactNode;
  "data-cell"?: unknown;
}

function isCell(node: ReactNode): boolean {
  if (!isValidElement(node)) return false;
  const child = (node.props as InnerProps).children;
  return isValidElement(child) && (child.props as InnerProps)["data-cell"] !== undefined;
}

const noProgress = (): null => null;

export function Predict({
  id,
  question,
  options,
  answer,
  children,
}: {
  id: string;
  question: string;
  options: readonly string[];
  answer: number;
  children?: ReactNode;
}) {
  const classroom = useClassroom();
  const lang = classroom?.lang ?? "en";
  const key = `${classroom?.slug ?? "page"}/${id}`;
  const saved = useSyncExternalStore(
    subscribeProgress,
    useCallback((): Prediction | null => progressTable()[key] ?? null, [key]),
    noProgress,
  );
  const [picked, setPicked] = useState<number | null>(null);
  const [nudge, setNudge] = useState(false);
  const groupId = useId();
  const choice = saved?.choice ?? picked;
  const revealed = saved !== null;
  const valid =
    Array.isArray(options) && Number.isInteger(answer) && answer >= 0 && answer < options.length;

  const parts = Children.toArray(children);
  const code = parts.filter(isCell);
  const rest = parts.filter((n) => !isCell(n));

  const reveal = (e: MouseEvent) => {
    e.preventDefault();
    if (revealed) return;
    if (picked === null) {
      setNudge(true);
      return;
    }
    record(key, { choice: picked, correct: picked === answer });
  };

  return (
    <section
      className={`predict${revealed ? " is-revealed" : ""}`}
      aria-labelledby={`${groupId}-q`}
      data-predict={id}
    >
      <p className="predict-tag">{cs(lang, "predictTag")}</p>
      <p className="predict-question" id={`${groupId}-q`}>
        {question}
      </p>
      {code}
      <fieldset className="predict-options" disabled={revealed}>
        <legend className="visually-hidden">{cs(lang, "predictChoices")}</legend>
        {valid &&
          options.map((text, i) => (
            <label
              key={i}
              className={
                revealed ? (i === answer ? "is-answer" : i === choice ? "is-wrong" : "") : undefined
              }
            >
              <input
                type="radio"
                name={groupId}
                value={i}
                checked={choice === i}
                onChange={() => {
                  setPicked(i);
                  setNudge(false);
                }}
              />
              <span>{text}</span>
            </label>
          ))}
      </fieldset>
      {nudge && !revealed && (
        <p className="predict-nudge" role="alert">
          {cs(lang, "predictPickFirst")}
        </p>
      )}
      <details className="predict-reveal" open={revealed}>
        <summary onClick={reveal}>{cs(lang, "predictReveal")}</summary>
        {revealed && valid && (
          <p className={`predict-verdict ${saved.correct ? "is-right" : "is-off"}`} role="status">
            {saved.correct
              ? cs(lang, "predictCorrect")
              : cs(lang, "predictWrong", { choice: options[saved.choice] ?? "?" })}{" "}
            {cs(lang, "predictAnswer", { answer: options[answer] })}
          </p>
        )}
        <div className="predict-result" aria-label={cs(lang, "predictResult")}>
          {rest}
        </div>
        {revealed && (
          <button
            type="button"
            className="btn-quiet predict-again"
            onClick={() => {
              forget(key);
              setPicked(null);
            }}
          >
            {cs(lang, "predictAgain")}
          </button>
        )}
      </details>
    </section>
  );
}

/** "Predictions in this lesson: 1 of 2 answered, 1 right", from the questions' ids. */
export function PredictProgress({ ids }: { ids: readonly string[] }) {
  const classroom = useClassroom();
  const table = useSyncExternalStore(subscribeProgress, progressTable, () => null);
  if (!classroom || !table || ids.length === 0) return null;
  const mine = ids.map((id) => table[`${classroom.slug}/${id}`]).filter(Boolean);
  return (
    <p className="predict-progress">
      {cs(classroom.lang, "predictProgress", {
        done: mine.length,
        total: ids.length,
        right: mine.filter((p) => p?.correct).length,
      })}
    </p>
  );
}
