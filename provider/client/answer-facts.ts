// What the transport knew of each answer an object was decoded from, kept beside the object. No imports: the
// lifecycle reads these facts (fresh-create.ts) without loading the client, its schemas or zod.

/**
 * What the transport knew of the answer an object was decoded from: the lifecycle tells a create the API ran
 * for this very call from a replay of an earlier one by these (provider/lifecycle/fresh-create.ts).
 */
export interface AnswerFacts {
  /** The response's `Date` header in ms since the epoch (whole seconds, as HTTP sends it); undefined without one. */
  date: number | undefined;
  /** The client's clock when the call was sent (before its first attempt, so retries count) and when it was answered. */
  sentAt: number;
  receivedAt: number;
}

/**
 * Facts per decoded answer object, kept beside it rather than in it: no client method changes its signature
 * or result shape, and the entry goes with the object.
 */
const answers = new WeakMap<object, AnswerFacts>();

/** The facts of the answer `answer` was decoded from; undefined for an object the client did not decode. */
export function answerFacts(answer: object): AnswerFacts | undefined {
  return answers.get(answer);
}

/**
 * Records `facts` for `answer` and returns it: for an object that stands for another answer (the pause that
 * follows a deployment's create answers for that create), and for tests.
 */
export function withAnswerFacts<T extends object>(answer: T, facts: AnswerFacts | undefined): T {
  if (facts) answers.set(answer, facts);
  return answer;
}
