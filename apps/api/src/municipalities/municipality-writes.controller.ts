import { Controller, Res } from '@nestjs/common';
import { ENROLMENT_EXAMPLES, MUNICIPALITY_CORRECTION_EXAMPLES, THEME_AREA_EXAMPLES } from '../http/console-examples.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { MunicipalityCommand, Requested } from '#domain';
import { ExecuteCommand } from '../commands/execute-command.js';
import { CORRECTION_DESCRIPTION, CORRECTION_PROBLEMS, CorrectEventDto, toCorrection } from '../corrections/correct-event.dto.js';
import { ValidRequest, type RequestInput } from '../http/request-input.decorator.js';
import { normaliseWorldTime } from '../http/validators.js';
import { WriteEndpoint } from '../http/write-endpoint.decorator.js';
import type { WriteContext } from '../http/write-context.js';
import { writeResponse } from '../http/write-response.js';
import type { WriteResultDto } from '../http/write-result.dto.js';
import { MUNICIPALITY } from './municipality.aggregate.js';
import { AddSocialSpaceDto, DefineThemeAreaDto, EndEnrolmentDto, EnrolDto, OccurredDto, RegisterMunicipalityDto, RenameDto } from './municipality.dto.js';
import { Allow, REGISTRY_WRITERS } from '../access/access.decorator.js';

const ID = { id: 'kreis-warendorf' };
const SPACE = { ...ID, socialSpaceId: 'muessingen' };
const NOT_FOUND = 'municipality-not-found';
const url = (...segments: string[]) => `/v1/municipalities/${segments.map(encodeURIComponent).join('/')}`;

@ApiTags('municipalities')
@Allow(...REGISTRY_WRITERS)
@Controller('v1/municipalities')
export class MunicipalityWritesController {
  constructor(private readonly commands: CommandBus) {}

  @WriteEndpoint({ path: '', creates: true, summary: 'Register a municipality', description: 'Records MunicipalityRegistered; its official key (AGS), 5 digits for a Kreis and 8 for a Stadt or Gemeinde (beginning with its Kreis\'s key; a kreisfreie Stadt either), is claimed across the registry. Only a Stadt or Gemeinde lies in a Kreis.', body: RegisterMunicipalityDto, problems: ['municipality-already-exists', 'ags-taken', 'ags-invalid', 'parent-invalid'] })
  async register(@ValidRequest({ body: RegisterMunicipalityDto, write: true }) { body, write }: RequestInput<RegisterMunicipalityDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: body.id, name: body.name, kind: body.kind, ags: body.ags ?? null, parentId: body.parentId ?? null };
    return this.run(response, { type: 'RegisterMunicipality', data, occurredAt: body.occurredAt }, write, url(body.id));
  }

  @WriteEndpoint({ path: ':id/rename', params: ID, summary: 'Rename a municipality', description: 'Records MunicipalityRenamed.', body: RenameDto, problems: [NOT_FOUND, 'name-unchanged'] })
  async rename(@ValidRequest({ path: ['id'], body: RenameDto, write: true }) { path, body, write }: RequestInput<RenameDto>, @Res({ passthrough: true }) response: Response) {
    return this.run(response, { type: 'RenameMunicipality', data: { municipalityId: path.id, name: body.name }, occurredAt: body.occurredAt }, write);
  }

  @WriteEndpoint({ path: ':id/social-spaces', params: ID, creates: true, summary: 'Add a social space', description: 'Records SocialSpaceAdded (a Sozialraum such as Müssingen).', body: AddSocialSpaceDto, problems: [NOT_FOUND, 'social-space-already-exists'] })
  async addSocialSpace(@ValidRequest({ path: ['id'], body: AddSocialSpaceDto, write: true }) { path, body, write }: RequestInput<AddSocialSpaceDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: path.id, socialSpaceId: body.id, name: body.name };
    return this.run(response, { type: 'AddSocialSpace', data, occurredAt: body.occurredAt }, write, url(path.id, 'social-spaces', body.id));
  }

  @WriteEndpoint({ path: ':id/social-spaces/:socialSpaceId/rename', params: SPACE, summary: 'Rename a social space', description: 'Records SocialSpaceRenamed.', body: RenameDto, problems: [NOT_FOUND, 'social-space-not-found', 'social-space-retired', 'name-unchanged'] })
  async renameSocialSpace(@ValidRequest({ path: ['id', 'socialSpaceId'], body: RenameDto, write: true }) { path, body, write }: RequestInput<RenameDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: path.id, socialSpaceId: path.socialSpaceId, name: body.name };
    return this.run(response, { type: 'RenameSocialSpace', data, occurredAt: body.occurredAt }, write);
  }

  @WriteEndpoint({ path: ':id/social-spaces/:socialSpaceId/retire', params: SPACE, summary: 'Retire a social space', description: 'Records SocialSpaceRetired: goals formulated later cannot name it.', body: OccurredDto, problems: [NOT_FOUND, 'social-space-not-found', 'social-space-retired'] })
  async retireSocialSpace(@ValidRequest({ path: ['id', 'socialSpaceId'], body: OccurredDto, write: true }) { path, body, write }: RequestInput<OccurredDto>, @Res({ passthrough: true }) response: Response) {
    return this.run(response, { type: 'RetireSocialSpace', data: { municipalityId: path.id, socialSpaceId: path.socialSpaceId }, occurredAt: body.occurredAt }, write);
  }

  @WriteEndpoint({ path: ':id/enrolments', params: ID, creates: true, summary: 'Enrol in a phase', description: 'Records MunicipalityEnrolled: the municipality takes part in a phase of a programme from a date within the phase.', body: EnrolDto, examples: ENROLMENT_EXAMPLES, problems: [NOT_FOUND, 'programme-not-found', 'phase-not-found', 'enrolment-dates-invalid', 'already-enrolled'] })
  async enrol(@ValidRequest({ path: ['id'], body: EnrolDto, write: true }) { path, body, write }: RequestInput<EnrolDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: path.id, programmeId: body.programmeId, phaseId: body.phaseId, from: body.from };
    return this.run(response, { type: 'EnrolMunicipality', data, occurredAt: body.occurredAt }, write, url(path.id, 'enrolments', body.programmeId, body.phaseId));
  }

  @WriteEndpoint({ path: ':id/enrolments/:programmeId/:phaseId/end', params: { ...ID, programmeId: 'kekiz', phaseId: 'model' }, summary: 'End an enrolment', description: 'Records EnrolmentEnded: `until` is the last day in the phase (at the latest the phase\'s last day), and `occurredAt` is on or before it.', body: EndEnrolmentDto, problems: [NOT_FOUND, 'programme-not-found', 'phase-not-found', 'not-enrolled', 'enrolment-dates-invalid', 'occurred-after-end'] })
  async endEnrolment(@ValidRequest({ path: ['id', 'programmeId', 'phaseId'], body: EndEnrolmentDto, write: true }) { path, body, write }: RequestInput<EndEnrolmentDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: path.id, programmeId: path.programmeId, phaseId: path.phaseId, until: body.until };
    return this.run(response, { type: 'EndEnrolment', data, occurredAt: body.occurredAt }, write);
  }

  @WriteEndpoint({ path: ':id/theme-areas', params: ID, creates: true, summary: 'Define a theme area', description: 'Records ThemeAreaDefined: a named group of goals in one phase the municipality is enrolled in.', body: DefineThemeAreaDto, examples: THEME_AREA_EXAMPLES, problems: [NOT_FOUND, 'not-enrolled', 'theme-area-already-exists'] })
  async defineThemeArea(@ValidRequest({ path: ['id'], body: DefineThemeAreaDto, write: true }) { path, body, write }: RequestInput<DefineThemeAreaDto>, @Res({ passthrough: true }) response: Response) {
    const data = { municipalityId: path.id, programmeId: body.programmeId, phaseId: body.phaseId, themeAreaId: body.id, title: body.title };
    return this.run(response, { type: 'DefineThemeArea', data, occurredAt: body.occurredAt }, write, url(path.id, 'theme-areas', body.id));
  }

  @WriteEndpoint({ path: ':id/corrections', params: ID, summary: 'Correct a recorded municipality event', description: CORRECTION_DESCRIPTION, body: CorrectEventDto, examples: MUNICIPALITY_CORRECTION_EXAMPLES, problems: CORRECTION_PROBLEMS })
  async correct(@ValidRequest({ path: ['id'], body: CorrectEventDto, write: true }) { path, body, write }: RequestInput<CorrectEventDto>, @Res({ passthrough: true }) response: Response) {
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(MUNICIPALITY, toCorrection(path.id, body), write)));
  }

  private async run(response: Response, command: Requested<MunicipalityCommand>, write: WriteContext, location?: string): Promise<WriteResultDto> {
    const timed = { ...command, occurredAt: normaliseWorldTime(command.occurredAt) };
    return writeResponse(response, await this.commands.execute(ExecuteCommand.of(MUNICIPALITY, timed, write)), location);
  }
}
