/**
 * The screening instrument engine: instruments are data. An instrument is imported from a FHIR R4 Questionnaire
 * (items, answer options with their scores, languages through the FHIR translation extension), and Ponte keeps
 * what it needs to administer and score it as an `Instrument`.
 */

export type Names = Record<string, string>;

export interface AnswerOption {
  code: string;
  /** The coding system of the option, kept for the QuestionnaireResponse export. */
  system?: string;
  display: Names;
  score: number;
}

export interface InstrumentItem {
  linkId: string;
  /** `display` items are text shown between questions; `choice` items are answered with one option. */
  type: 'choice' | 'display';
  text: Names;
  required: boolean;
  options: AnswerOption[];
}

/** A score band: [min, max] inclusive. Bands that are above the cut-off call for follow-up. */
export interface ScoreBand {
  code: string;
  min: number;
  max: number;
  label: Names;
  aboveCutoff: boolean;
  /** Guideline recommendations that apply to a result in this band (follow-up suggestions). */
  recommendations: { guideline: string; identifier: string }[];
}

export interface Instrument {
  code: string;
  version: string;
  /** The Questionnaire's canonical URL, when it has one. */
  url: string | null;
  title: Names;
  description: Names;
  /** Languages every item is available in. */
  languages: string[];
  /** Licence and attribution, shown wherever the instrument is. */
  licence: Names;
  /** False for instruments that are not validated (the demo one): shown as a warning on every result. */
  validated: boolean;
  items: InstrumentItem[];
  /** The total is the sum of the chosen options' scores; the cut-off is the lowest score that is above it. */
  cutoff: number | null;
  bands: ScoreBand[];
}
