import type { PrismaClient } from "../db.ts";
import type { UnitKind } from "../generated/prisma/client.ts";
import { currentSuccessorOf, formerNamesByUnit, type MergeLinks, unitsCountedUnder } from "./unit-successors.ts";

/** What the dashboards need of a unit. */
export interface TreeUnit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  targetPeoplePerWeek: number;
  mergedIntoId: string | null;
  retiredAt: string | null;
}

/** The whole unit tree at one version (a province: about 2,400 units), with the walks the dashboards make. */
export class UnitTree {
  readonly byId: ReadonlyMap<string, TreeUnit>;
  readonly byCode: ReadonlyMap<string, TreeUnit>;
  readonly links: MergeLinks;
  private readonly childrenOf = new Map<string, string[]>();
  private readonly successors = new Map<string, string>();
  private formerNames: ReadonlyMap<string, readonly string[]> | null = null;

  constructor(
    /** The "UnitTreeVersion" this was read at; null when that row is missing (then never reused). */
    readonly version: string | null,
    readonly units: readonly TreeUnit[],
  ) {
    this.byId = new Map(units.map((u) => [u.id, u]));
    this.byCode = new Map(units.map((u) => [u.code, u]));
    this.links = new Map(units.filter((u) => u.mergedIntoId).map((u) => [u.id, u.mergedIntoId]));
    for (const unit of units) {
      if (!unit.parentId) continue;
      const siblings = this.childrenOf.get(unit.parentId) ?? [];
      siblings.push(unit.id);
      this.childrenOf.set(unit.parentId, siblings);
    }
  }

  /** The unit's id and the ids of all units below it. */
  withDescendants(unitId: string): string[] {
    const result: string[] = [];
    const seen = new Set<string>();
    const stack = [unitId];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      result.push(id);
      stack.push(...(this.childrenOf.get(id) ?? []));
    }
    return result;
  }

  /** The unit carrying on `unitId` today (the end of its chain of merges). */
  successorOf(unitId: string): string {
    let successor = this.successors.get(unitId);
    if (successor === undefined) {
      successor = currentSuccessorOf(this.links, unitId);
      this.successors.set(unitId, successor);
    }
    return successor;
  }

  /** Names of the units merged into `unitId`, through any chain (worked out once per tree, on first use). */
  formerNamesOf(unitId: string): readonly string[] {
    this.formerNames ??= formerNamesByUnit(this.units);
    return this.formerNames.get(unitId) ?? [];
  }

  /** Every unit whose history counts under one of `unitIds` (themselves and the units merged into them). */
  countedUnder(unitIds: readonly string[]): string[] {
    return unitsCountedUnder(this.links, unitIds);
  }

  /** The unit and its parents up to the root (a cycle, only from a hand-edited database, stops the walk). */
  ancestorsAndSelf(unitId: string): string[] {
    const chain: string[] = [];
    for (let cur: string | null | undefined = unitId; cur && !chain.includes(cur); cur = this.byId.get(cur)?.parentId)
      chain.push(cur);
    return chain;
  }
}

interface CacheEntry {
  tree: UnitTree | null;
  loading: Promise<UnitTree> | null;
}

/** One cache per Prisma client, that is per process (the server and each worker hold one client each). */
const caches = new WeakMap<PrismaClient, CacheEntry>();

function entryOf(prisma: PrismaClient): CacheEntry {
  let entry = caches.get(prisma);
  if (!entry) {
    entry = { tree: null, loading: null };
    caches.set(prisma, entry);
  }
  return entry;
}

/** The version a trigger raises in the same transaction as any change to "Unit" (any process, any writer). */
export async function readUnitTreeVersion(prisma: PrismaClient): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ version: string }[]>`
    SELECT version::text AS version FROM "UnitTreeVersion" WHERE id = 1`;
  return rows[0]?.version ?? null;
}

/** The tree and its version read in one statement, so they belong together. */
async function loadUnitTree(prisma: PrismaClient): Promise<UnitTree> {
  const [row] = await prisma.$queryRaw<{ version: string | null; units: TreeUnit[] }[]>`
    SELECT (SELECT version::text FROM "UnitTreeVersion" WHERE id = 1) AS version,
           COALESCE(json_agg(json_build_object(
             'id', id, 'code', code, 'name', name, 'kind', kind, 'parentId', "parentId",
             'targetPeoplePerWeek', "targetPeoplePerWeek", 'mergedIntoId', "mergedIntoId", 'retiredAt', "retiredAt")),
             '[]') AS units
      FROM "Unit"`;
  return new UnitTree(row?.version ?? null, row?.units ?? []);
}

/**
 * This process's copy of the unit tree, valid for `version` (what the caller just read from "UnitTreeVersion",
 * alone or inside its own statement): reloaded when the version moved, so a merge, rename, re-parent or import in
 * any process shows in the next dashboard everywhere. Concurrent callers share one load.
 */
export async function unitTreeAt(prisma: PrismaClient, version: string | null): Promise<UnitTree> {
  const entry = entryOf(prisma);
  if (entry.tree && version !== null && entry.tree.version === version) return entry.tree;
  if (!entry.loading) {
    entry.loading = loadUnitTree(prisma).finally(() => {
      entry.loading = null;
    });
  }
  const tree = await entry.loading;
  entry.tree = tree;
  // A load that started before the change the caller saw may answer the older version: read once more.
  if (version !== null && tree.version !== null && BigInt(tree.version) < BigInt(version)) {
    const fresh = await loadUnitTree(prisma);
    entry.tree = fresh;
    return fresh;
  }
  return tree;
}

/** The tree this process last loaded, without asking the database (null before the first load). */
export function cachedUnitTree(prisma: PrismaClient): UnitTree | null {
  return entryOf(prisma).tree;
}

/** The current unit tree: one small read of the version, the tree itself only when it changed. */
export async function currentUnitTree(prisma: PrismaClient): Promise<UnitTree> {
  return unitTreeAt(prisma, await readUnitTreeVersion(prisma));
}
