import {
  IdentifierNode,
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type SchemableIdentifierNode,
  type UnknownRow,
} from 'kysely';
import { physicalTable } from '../read-model.js';

class GenerationTablesTransformer extends OperationNodeTransformer {
  constructor(private readonly physical: ReadonlyMap<string, string>) {
    super();
  }

  // Table names (in FROM, INSERT INTO, joins and qualified column references) are schemable identifiers.
  protected override transformSchemableIdentifier(node: SchemableIdentifierNode): SchemableIdentifierNode {
    const mapped = this.physical.get(node.identifier.name);
    return mapped === undefined ? node : { ...node, identifier: IdentifierNode.create(mapped) };
  }
}

/**
 * Lets a read model name its tables logically (`goals`) while it reads and writes one generation's
 * physical tables (`goals_g3`): the shadow being built, or the live one.
 */
export class GenerationTablesPlugin implements KyselyPlugin {
  private readonly transformer: GenerationTablesTransformer;

  constructor(tables: readonly string[], generation: number) {
    this.transformer = new GenerationTablesTransformer(new Map(tables.map((table) => [table, physicalTable(table, generation)])));
  }

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(node);
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
