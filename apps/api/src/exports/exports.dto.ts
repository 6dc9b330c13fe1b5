import { IntersectionType, OmitType } from '@nestjs/swagger';
import { CsvOptionsDto } from '../http/csv-response.js';
import { ListGoalsDto } from '../goals/list-goals/list-goals.dto.js';

/** The goals of an export: the list's filters, sort and point of view, without its paging. */
export class GoalsExportDto extends IntersectionType(OmitType(ListGoalsDto, ['limit', 'cursor'] as const), CsvOptionsDto) {}
