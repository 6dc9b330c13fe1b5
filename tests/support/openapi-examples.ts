/** The parts of the OpenAPI document the console builds its requests from. */
export interface Schema {
  $ref?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}

export interface Operation {
  'x-roles'?: string[];
  parameters?: { name: string; in: string; example?: unknown; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema; examples?: Record<string, { value: object }> }> };
}

export interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** A schema's example, built from its properties' examples where it has none of its own. */
export function exampleOf(spec: Spec, schema: Schema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return exampleOf(spec, spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(spec, part) as object));
  if (schema.items) return [exampleOf(spec, schema.items)];
  if (schema.properties) return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(spec, property)]).filter(([, value]) => value !== undefined));
  return undefined;
}

/** The path of an operation with the examples of its path parameters filled in. */
export function examplePath(template: string, operation: Operation): string {
  let path = template;
  for (const parameter of operation.parameters ?? []) if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, String(parameter.example ?? parameter.schema?.example));
  return path;
}

/** The bodies the console offers: its named examples in order, or the one it builds from the fields. */
export function exampleBodies(spec: Spec, operation: Operation): unknown[] {
  const content = operation.requestBody?.content['application/json'];
  return content?.examples ? Object.values(content.examples).map((example) => example.value) : [exampleOf(spec, content?.schema)];
}
