/**
 * Sentiment: wink-nlp's lexicon score, then corrections where a general-purpose lexicon is wrong for
 * comments under a listing. wink scores spam as positive ("Hey gorgeous, check my bio 💋" +0.74), misses
 * domain complaints ("Overpriced." 0, "Called 3 times, never answered" 0) and reads polite questions as
 * opinions ("Is this still available?" +0.28, "…monthly payment be with 10% down?" -0.29). The intent
 * rules already know these cases, so they correct the score rather than a second model guessing again.
 */
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { SentimentLabel } from './triage.js';

/**
 * Label thresholds. Positive needs more than a mild word ("Price pls" +0.2 stays neutral); negative is
 * deliberately easier to reach, because a negative comment is never auto-answered and missing one costs
 * more than escalating a neutral one.
 */
export const POSITIVE_AT = 0.25;
export const NEGATIVE_AT = -0.15;

/** A complaint signal pulls the score at least this low, whatever wink said. */
const COMPLAINT_SCORE = -0.5;
/** A compliment signal lifts the score at least this high (wink gives "Love it! How much?" 0.19). */
const COMPLIMENT_SCORE = 0.3;
/** wink below this on a question is real anger, not a misread polite question. */
const ANGRY_QUESTION = -0.5;
/** The band a polite question is squeezed into: neutral under both thresholds. */
const POLITE_QUESTION_LIMIT = 0.1;

// The model takes 80–250 ms to load and is shared by every call, so it is loaded on first use only.
let nlp: WinkMethods | undefined;

/** wink-nlp's sentiment in -1..1. Only the annotations sentiment needs run (~60 % of the full pipe's time). */
export function modelSentiment(text: string): number {
  nlp ??= winkNLP(model, ['sbd', 'negation', 'sentiment']);
  // wink matches its `its` helpers by identity and they do not use `this`: passing one unbound is its API.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const score = nlp.readDoc(text).out(nlp.its.sentiment);
  return typeof score === 'number' && Number.isFinite(score) ? score : 0;
}

export interface SentimentSignals {
  /** wink-nlp's score. */
  model: number;
  spam: boolean;
  complaint: boolean;
  compliment: boolean;
  question: boolean;
}

export interface CorrectedSentiment {
  score: number;
  label: SentimentLabel;
  /** Why the model's score was overridden, if it was. */
  reason?: string;
}

export function correctSentiment(signals: SentimentSignals): CorrectedSentiment {
  const { model: score } = signals;
  if (signals.complaint && score > COMPLAINT_SCORE) {
    return labelled(COMPLAINT_SCORE, 'sentiment: complaint wording, negative whatever the model says');
  }
  if (signals.spam) {
    return score > 0 ? labelled(0, 'sentiment: spam never counts as positive') : labelled(score);
  }
  if (signals.complaint) return labelled(score);
  // Lifts a neutral reading only: praise words next to a negative reading are often sarcasm.
  if (signals.compliment && score >= 0 && score < COMPLIMENT_SCORE) {
    return labelled(COMPLIMENT_SCORE, 'sentiment: compliment, positive whatever the model says');
  }
  if (signals.compliment) return labelled(score);
  if (signals.question && score > ANGRY_QUESTION && Math.abs(score) > POLITE_QUESTION_LIMIT) {
    const clamped = Math.max(-POLITE_QUESTION_LIMIT, Math.min(POLITE_QUESTION_LIMIT, score));
    return labelled(clamped, 'sentiment: a polite question is neutral');
  }
  return labelled(score);
}

function labelled(score: number, reason?: string): CorrectedSentiment {
  const rounded = Math.round(score * 1000) / 1000;
  const label: SentimentLabel =
    rounded >= POSITIVE_AT ? 'positive' : rounded <= NEGATIVE_AT ? 'negative' : 'neutral';
  return reason === undefined ? { score: rounded, label } : { score: rounded, label, reason };
}
