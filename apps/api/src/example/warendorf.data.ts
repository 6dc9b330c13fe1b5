/**
 * The example data set: Kreis Warendorf in the NRW state programme "Kein Kind zurücklassen!", after the two
 * public documents in the project's seeds — the youth office's report 125/2016 to its committee
 * (`berichtsvorlage`) and the state coordination office's review of the model phase (`bilanz`).
 *
 * Every record says where it comes from: `seed` names the document and the fact it states; `illustrative`
 * names the fields that were invented to make a complete, plausible case (exact days where the documents
 * give a season or a year, the wording of goals and notes, the quarter-by-quarter progression). Ids are
 * ours. Nothing here is quoted: facts are taken, sentences are not.
 */
import type { GoalStatus, MunicipalityKind, Progress } from '#domain';

export interface Provenance {
  readonly seed?: string;
  readonly illustrative?: readonly string[];
}

export const PROGRAMME = {
  id: 'kekiz',
  name: 'Kein Kind zurücklassen! Kommunen in NRW beugen vor',
  registeredOn: '2011-12-01',
  seed: 'berichtsvorlage, bilanz: name of the state programme',
  illustrative: ['registeredOn'],
} as const;

export const MODEL_PHASE = {
  id: 'modellphase',
  kind: 'model',
  title: 'Modellphase mit 18 Modellkommunen',
  startsOn: '2012-01-01',
  plannedEnd: '2015-09-30',
  endedOn: '2015-09-30',
  seed: 'bilanz, berichtsvorlage: model phase 2012 to autumn 2015, ended as planned in September 2015; 18 model municipalities',
  illustrative: ['startsOn (the documents give the year 2012)', 'plannedEnd and endedOn (the documents give September 2015)', 'title'],
} as const;

export const ROLLOUT_PHASE = {
  id: 'roll-out',
  kind: 'rollout',
  title: 'Roll-out: Transfer der Ergebnisse auf alle Kommunen in NRW',
  startsOn: '2016-01-01',
  openedOn: '2015-12-01',
  seed: 'bilanz: NRW-wide roll-out from 2016; berichtsvorlage: second phase, transfer to all municipalities in NRW',
  illustrative: ['startsOn (the documents give the year 2016)', 'openedOn', 'title'],
} as const;

export const WARENDORF = 'kreis-warendorf';

export interface MunicipalityRecord extends Provenance {
  readonly id: string;
  readonly name: string;
  readonly kind: MunicipalityKind;
  readonly parentId?: string;
  /** Enrolled in the model phase (all 18 model municipalities are). */
  readonly modelMunicipality: boolean;
}

const PLACEHOLDERS: MunicipalityRecord[] = Array.from({ length: 15 }, (_, i) => ({
  id: `modellkommune-${String(i + 4).padStart(2, '0')}`,
  name: `Modellkommune ${i + 4} (Platzhalter)`,
  kind: 'Stadt',
  modelMunicipality: true,
  seed: 'berichtsvorlage, bilanz: one of 18 model municipalities, not named in the documents',
  illustrative: ['name (a placeholder)', 'kind'],
}));

export const MUNICIPALITIES: readonly MunicipalityRecord[] = [
  { id: 'kreis-dueren', name: 'Kreis Düren', kind: 'Kreis', modelMunicipality: true, seed: 'berichtsvorlage, bilanz: model municipality named' },
  { id: 'kreis-unna', name: 'Kreis Unna', kind: 'Kreis', modelMunicipality: true, seed: 'berichtsvorlage, bilanz: model municipality named' },
  { id: WARENDORF, name: 'Kreis Warendorf', kind: 'Kreis', modelMunicipality: true, seed: 'berichtsvorlage, bilanz: model municipality named' },
  ...PLACEHOLDERS,
  ...['Ahlen', 'Beckum', 'Oelde'].map((name) => ({
    id: `stadt-${name.toLowerCase()}`,
    name: `Stadt ${name}`,
    kind: 'Stadt' as const,
    parentId: WARENDORF,
    modelMunicipality: false,
    seed: 'bilanz: towns of the Kreis with youth offices of their own, to be involved in planning from 2016',
  })),
];

export const REGISTERED_ON = { date: '2011-12-01', illustrative: ['date of registering municipalities, social spaces, enrolments and theme areas'] } as const;
export const ENROLLED_FROM = { model: MODEL_PHASE.startsOn, rollout: ROLLOUT_PHASE.startsOn, illustrative: ['the days (the documents give the years)'] } as const;

export const SOCIAL_SPACES = [
  { id: 'muessingen', name: 'Müssingen' },
  { id: 'einen', name: 'Einen' },
  { id: 'milte', name: 'Milte' },
] as const;
export const SOCIAL_SPACES_SEED = 'bilanz: project BEN in the social spaces / residential areas Müssingen, Einen and Milte';

/** Kreis Warendorf's four theme areas of the model phase (bilanz); defined again for the roll-out (illustrative). */
export const THEME_AREAS = [
  { id: 'steuerung', title: 'Festigung von Prävention und Frühen Hilfen in der Steuerungsstruktur des Kreises Warendorf' },
  { id: 'ben', title: 'Bildungs- und Erziehungsnetzwerk (Projekt BEN) als Kooperationsverbund in Müssingen, Einen und Milte' },
  { id: 'fruehe-hilfen', title: 'Weiterentwicklung der lokalen Netzwerke Frühe Hilfen und Schutz' },
  { id: 'arbeitslosigkeit', title: 'Familiär verfestigte Arbeitslosigkeit: soziale Dienstleistungen Hand in Hand, Produktionsnetzwerke für Langzeitleistungsbeziehende' },
] as const;
export const THEME_AREAS_SEED = 'bilanz: the four theme areas agreed for the model phase (titles shortened)';

export const WORKSHOPS = [
  { source: 'Zielkonkretisierungs-Workshop 1, Herbst 2012', on: '2012-10-17' },
  { source: 'Zielkonkretisierungs-Workshop 2, Herbst 2012', on: '2012-11-21' },
] as const;
export const WORKSHOPS_SEED = 'bilanz: goals formulated in two goal-concretisation workshops in autumn 2012; the days are illustrative';

/** One quarter of a goal's progression: how the review found it, and the status it proposed, if any. */
export type Step = readonly [quarter: string, progress: Progress, proposedStatus: GoalStatus | null, note: string];

export interface GoalRecord extends Provenance {
  readonly id: string;
  readonly themeArea: (typeof THEME_AREAS)[number]['id'];
  readonly workshop: 0 | 1;
  readonly title: string;
  readonly description: string;
  readonly socialSpaceIds?: readonly string[];
  readonly parentGoalId?: string;
  /** Quarters not listed repeat the last progress without a note. */
  readonly steps: readonly Step[];
  /** Carried over into the roll-out phase at the committee meeting of 26 September 2016. */
  readonly carriedOver: boolean;
}

const ALL_INVENTED = ['title and description wording', 'workshop', 'steps'];

export const GOALS: readonly GoalRecord[] = [
  {
    id: 'waf-praevention-kreisentwicklungsprogramm',
    themeArea: 'steuerung',
    workshop: 0,
    title: 'Soziale Prävention als Leitprinzip im Kreisentwicklungsprogramm WAF 2030 verankern',
    description: 'Ziele und Strategien der Präventionskette gehen in das Kreisentwicklungsprogramm ein und werden vom Kreistag beschlossen.',
    steps: [
      ['2013-Q1', 'on_track', 'in_progress', 'Entwurf des Kapitels Prävention für WAF 2030 in Abstimmung'],
      ['2013-Q4', 'achieved', 'implemented', 'Kreistag hat das Kreisentwicklungsprogramm im Herbst 2013 beschlossen'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Prävention ist als Querschnittsaufgabe politisch verankert'],
    ],
    carriedOver: false,
    seed: 'bilanz: prevention chain written into WAF 2030, adopted by the Kreistag in autumn 2013; berichtsvorlage: laid down since 2013',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-sachgebiet-praevention',
    themeArea: 'steuerung',
    workshop: 0,
    title: 'Sachgebiet Soziale Prävention und Frühe Hilfen im Amt für Kinder, Jugendliche und Familien einrichten',
    description: 'Die soziale Prävention erhält im Jugendamt eine eigene organisatorische Zuständigkeit.',
    steps: [
      ['2013-Q1', 'on_track', 'in_progress', 'Stellenplanung für das neue Sachgebiet'],
      ['2013-Q3', 'achieved', 'implemented', 'Sachgebiet eingerichtet'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Sachgebiet arbeitet als Teil der Regelorganisation'],
    ],
    carriedOver: false,
    seed: 'bilanz: new unit Soziale Prävention und Frühe Hilfen set up in the youth office in 2013',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-praeventionskette-lebenslauf',
    themeArea: 'steuerung',
    workshop: 0,
    title: 'Präventionskette lebenslauforientiert vom Baby bis zum Senior konzipieren',
    description: 'Die Angebote werden entlang des Lebenslaufs geordnet und Übergänge zwischen den Systemen abgestimmt.',
    steps: [
      ['2013-Q2', 'on_track', 'in_progress', 'Bestandsaufnahme der Angebote nach Altersstufen'],
      ['2014-Q4', 'on_track', 'largely_implemented', 'Konzept liegt vor, Übergänge Schule–Beruf noch offen'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Konzept leitet die Jugendhilfeplanung'],
    ],
    carriedOver: false,
    seed: 'bilanz: the prevention chain is conceived from baby to senior citizen',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-ben-kooperationsverbund',
    themeArea: 'ben',
    workshop: 1,
    title: 'Nachhaltigen Kooperationsverbund BEN in Müssingen, Einen und Milte aufbauen',
    description: 'Kitas, Schulen, Familienzentren und Beratungsstellen der drei Sozialräume bilden ein Bildungs- und Erziehungsnetzwerk.',
    socialSpaceIds: ['muessingen', 'einen', 'milte'],
    steps: [
      ['2013-Q1', 'on_track', 'in_progress', 'Auftakttreffen der Einrichtungen in den drei Sozialräumen'],
      ['2014-Q4', 'on_track', 'largely_implemented', 'Verbund trägt sich; Übertragung auf weitere Sozialräume wird erwogen'],
    ],
    carriedOver: true,
    seed: 'bilanz: project BEN built lasting structures; transfer of the idea to further social spaces is considered',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-ben-kooperationsvereinbarung',
    themeArea: 'ben',
    workshop: 1,
    parentGoalId: 'waf-ben-kooperationsverbund',
    title: 'Kooperationsvereinbarung der beteiligten Einrichtungen abschließen',
    description: 'Die Einrichtungen legen Ziele, Zuständigkeiten und Treffen des Verbunds schriftlich fest.',
    socialSpaceIds: ['muessingen', 'einen', 'milte'],
    steps: [
      ['2013-Q2', 'on_track', 'in_progress', 'Entwurf der Vereinbarung im Umlauf'],
      ['2014-Q1', 'achieved', 'implemented', 'Vereinbarung unterzeichnet'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Einrichtungen nutzen die Strukturen eigenständig'],
    ],
    carriedOver: false,
    seed: 'bilanz: structures used independently by the participating institutions after the project',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-ben-schwerpunkte',
    themeArea: 'ben',
    workshop: 1,
    parentGoalId: 'waf-ben-kooperationsverbund',
    title: 'Inhaltliche Schwerpunkte des Netzwerks formulieren und umsetzen',
    description: 'Der Verbund einigt sich auf gemeinsame Themen, etwa Übergänge von der Kita in die Grundschule.',
    socialSpaceIds: ['muessingen', 'einen', 'milte'],
    steps: [
      ['2013-Q3', 'on_track', 'in_progress', 'Themensammlung in den Einrichtungen'],
      ['2014-Q2', 'on_track', 'largely_implemented', 'Schwerpunkte beschlossen'],
      ['2014-Q3', 'delayed', 'in_progress', 'Wechsel in der Leitung zweier Einrichtungen; Schwerpunkte werden neu abgestimmt'],
      ['2015-Q1', 'achieved', 'implemented', 'Schwerpunkte in den Jahresplanungen der Einrichtungen'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Umsetzung durch die Einrichtungen ohne Projektbegleitung'],
    ],
    carriedOver: false,
    seed: 'bilanz: content priorities of BEN formulated and carried on by the institutions',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-lokale-netzwerke-fruehe-hilfen',
    themeArea: 'fruehe-hilfen',
    workshop: 0,
    title: 'Lokale Netzwerke Frühe Hilfen und Schutz in allen Städten und Gemeinden des Jugendamtsbezirks als Regelstruktur',
    description: 'Jede Stadt und Gemeinde im Zuständigkeitsbereich des Kreisjugendamts hat ein arbeitendes lokales Netzwerk.',
    steps: [
      ['2012-Q4', 'on_track', 'in_progress', 'Netzwerke in den ersten Kommunen arbeiten'],
      ['2014-Q2', 'achieved', 'implemented', 'Netzwerke in allen Städten und Gemeinden des Bezirks'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Netzwerke sind Regelstruktur'],
    ],
    carriedOver: false,
    seed: 'bilanz: local networks Frühe Hilfen und Schutz exist as a standard structure in all towns and municipalities of the youth office',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-cafe-kinderwagen',
    themeArea: 'fruehe-hilfen',
    workshop: 0,
    title: 'Café Kinderwagen in den lokalen Produktionsnetzwerken Frühe Hilfen entwickeln',
    description: 'Ein offener Treffpunkt für Eltern mit Säuglingen, getragen von den lokalen Netzwerken.',
    steps: [
      ['2013-Q2', 'on_track', 'in_progress', 'Konzept in zwei Netzwerken erprobt'],
      ['2014-Q1', 'achieved', 'implemented', 'Café Kinderwagen an mehreren Standorten'],
      ['2015-Q3', 'achieved', 'in_regular_practice', 'Café Kinderwagen ist festes Angebot der Netzwerke'],
    ],
    carriedOver: false,
    seed: 'berichtsvorlage: concept Café Kinderwagen developed in the local production networks Frühe Hilfen, taken up by municipalities in NRW and Lower Saxony',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-produktionsnetzwerke-arbeit',
    themeArea: 'arbeitslosigkeit',
    workshop: 1,
    title: 'Zielgruppenbezogene Produktionsnetzwerke für Teilhabe und Integration in Arbeit aufbauen',
    description: 'Jugendhilfe, Jobcenter und Träger begleiten Langzeitleistungsbeziehende und ihre Familien gemeinsam.',
    steps: [
      ['2013-Q2', 'on_track', 'in_progress', 'Erste Fallkonferenzen mit dem Jobcenter'],
      ['2015-Q1', 'on_track', 'largely_implemented', 'Netzwerke arbeiten in zwei Städten'],
    ],
    carriedOver: true,
    seed: 'bilanz: theme area project on long-term unemployment in families, production networks for long-term benefit recipients',
    illustrative: ALL_INVENTED,
  },
  {
    id: 'waf-dienstleistungen-hand-in-hand',
    themeArea: 'arbeitslosigkeit',
    workshop: 1,
    title: 'Soziale Dienstleistungen für Familien mit verfestigter Arbeitslosigkeit Hand in Hand abstimmen',
    description: 'Beratung, Hilfen zur Erziehung und Arbeitsförderung werden für dieselben Familien aufeinander abgestimmt.',
    steps: [
      ['2013-Q2', 'on_track', 'in_progress', 'Abstimmung der Hilfeplanung begonnen'],
      ['2014-Q1', 'at_risk', 'on_hold', 'Ruht, bis die Zuständigkeiten zwischen Jugendhilfe und Jobcenter geklärt sind'],
      ['2014-Q3', 'on_track', 'in_progress', 'Wieder aufgenommen'],
      ['2015-Q3', 'on_track', 'largely_implemented', 'Abgestimmtes Verfahren in der Erprobung'],
    ],
    carriedOver: true,
    seed: 'bilanz: theme area project "soziale Dienstleistungen Hand in Hand"',
    illustrative: ALL_INVENTED,
  },
];

/** Quarterly reviews (Quartalsgespräche) through the model phase, one per quarter; the days are illustrative. */
export const REVIEWS = {
  heldOn: {
    '2012-Q4': '2012-12-12', '2013-Q1': '2013-03-13', '2013-Q2': '2013-06-12', '2013-Q3': '2013-09-11',
    '2013-Q4': '2013-12-11', '2014-Q1': '2014-03-12', '2014-Q2': '2014-06-11', '2014-Q3': '2014-09-10',
    '2014-Q4': '2014-12-10', '2015-Q1': '2015-03-11', '2015-Q2': '2015-06-10', '2015-Q3': '2015-09-16',
  } as Readonly<Record<string, string>>,
  participants: ['Landeskoordinierungsstelle „Kein Kind zurücklassen!“ (Institut für soziale Arbeit e.V.)', 'Kreis Warendorf, Amt für Kinder, Jugendliche und Familien'],
  seed: 'bilanz: the coordination office at the Institut für soziale Arbeit e.V. held quarterly conversations on the goals of autumn 2012 through the model phase',
  illustrative: ['heldOn days', 'summaries', 'assessments'],
} as const;

/** The committee meeting that took note of report 125/2016; the goals still being developed continue in the roll-out. */
export const COMMITTEE = {
  on: '2016-09-26',
  reason: 'Ausschuss für Kinder, Jugendliche und Familien, 26.09.2016: Berichtsvorlage 125/2016 zur Kenntnis genommen; Weiterentwicklung in der zweiten Phase',
  seed: 'berichtsvorlage: report 125/2016 to the committee for children, youth and families on 26.09.2016, proposal: to take note; the Kreis takes part in the second phase',
  illustrative: ['which goals were carried over'],
} as const;
