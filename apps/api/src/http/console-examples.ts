/**
 * Named request examples of the writes that a walkthrough sends more than once (a model phase, then its
 * roll-out), so that every example of the console works when tried in order on a fresh store: the
 * registry, then goals, reviews, the phase's close and the carry-over into the roll-out.
 */
export const PHASE_EXAMPLES = {
  model: {
    summary: 'The model phase, 2012 to 30 September 2015',
    value: { id: 'model', kind: 'model', title: 'Modellphase mit 18 Modellkommunen', startsOn: '2012-01-01', plannedEnd: '2015-09-30', occurredAt: '2012-01-01' },
  },
  rollout: {
    summary: 'The state-wide roll-out from 2016',
    value: { id: 'rollout', kind: 'rollout', title: 'Landesweiter Roll-out', startsOn: '2016-01-01', occurredAt: '2015-12-01' },
  },
};

export const ENROLMENT_EXAMPLES = {
  model: { summary: 'Enrol in the model phase', value: { programmeId: 'kekiz', phaseId: 'model', from: '2012-02-01', occurredAt: '2012-02-01' } },
  rollout: { summary: 'Enrol in the roll-out', value: { programmeId: 'kekiz', phaseId: 'rollout', from: '2016-01-01', occurredAt: '2015-12-15' } },
};

const BEN = 'Bildungs- und Erziehungsnetzwerk in den Sozialräumen Müssingen, Einen und Milte (BEN)';

export const THEME_AREA_EXAMPLES = {
  model: { summary: 'A theme area of the model phase', value: { programmeId: 'kekiz', phaseId: 'model', id: 'ben', title: BEN, occurredAt: '2012-02-01' } },
  rollout: { summary: 'The same theme area in the roll-out', value: { programmeId: 'kekiz', phaseId: 'rollout', id: 'ben', title: BEN, occurredAt: '2015-12-15' } },
};

/** A correction of each registry's own events, fitting the walkthrough's earlier writes. */
export const PROGRAMME_CORRECTION_EXAMPLES = {
  title: { summary: "Correct the model phase's title (revision 1: PhaseOpened)", value: { revision: 1, reason: 'Titel laut Ratsbeschluss', changes: { title: 'Modellphase „Kein Kind zurücklassen!“' } } },
};

export const MUNICIPALITY_CORRECTION_EXAMPLES = {
  name: { summary: 'Correct a rename (revision 1: MunicipalityRenamed)', value: { revision: 1, reason: 'Der amtliche Name ist Kreis Warendorf', changes: { name: 'Kreis Warendorf' } } },
};

export const REVIEW_CORRECTION_EXAMPLES = {
  summary: { summary: "Correct a review's summary (revision 0: QuarterlyReviewHeld)", value: { revision: 0, reason: 'Protokoll ergänzt', changes: { summary: 'Stand der Umsetzung, mit den Ergebnissen der Arbeitsgruppe' } } },
};
