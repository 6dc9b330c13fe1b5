import { z } from 'zod';
import { EVENT_CATALOGUE, type EventDefinition } from '#domain';

/** docs/events.md's catalogue, rendered from the definitions the store checks every append against. */
export function eventCatalogueMarkdown(): string {
  const byAggregate = new Map<string, string[]>();
  for (const type of EVENT_CATALOGUE.types()) {
    const definition = EVENT_CATALOGUE.definition(type);
    if (!definition) continue;
    byAggregate.set(definition.aggregate, [...(byAggregate.get(definition.aggregate) ?? []), eventSection(type, definition)]);
  }
  return [...byAggregate]
    .map(([aggregate, sections]) => [`## ${aggregate === '*' ? 'Corrections (any stream)' : `Stream category \`${aggregate}\``}`, ...sections].join('\n\n'))
    .join('\n\n');
}

function eventSection(type: string, definition: EventDefinition): string {
  const schema = z.toJSONSchema(definition.schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  const history = Object.entries(definition.upcasters ?? {}).map(([from, { change }]) => `- version ${from} → ${Number(from) + 1}: ${change}`);
  return [
    `### \`${type}\` (schema version ${definition.version})`,
    definition.description,
    `Correctable fields: ${definition.correctable.length > 0 ? definition.correctable.map((field) => `\`${field}\``).join(', ') : 'none'}.`,
    ...(history.length > 0 ? [['Earlier versions, upcast when read (the stored bytes stay as they are):', ...history].join('\n')] : []),
    ['```json', JSON.stringify(schema, null, 2), '```'].join('\n'),
  ].join('\n\n');
}
