import { Filter, FilterConditions, kvs, Sort, WhereConditions } from '@forge/kvs';
import { type EntityDeclaration, KVS_ERROR, LocalForge } from '../../../dev/runtime';

/** Custom entities through the real @forge/kvs client: typed values, index queries, conditional transactions. */

interface Revision {
  level: string;
  n: number;
  by: string;
  note?: unknown;
}

const entities: EntityDeclaration[] = [
  {
    name: 'settings-revision',
    attributes: { level: { type: 'string' }, n: { type: 'integer' }, by: { type: 'string' }, note: { type: 'any' } },
    indexes: ['by', { name: 'by-level', range: ['n'], partition: ['level'] }],
  },
];

const revisions = kvs.entity<Revision>('settings-revision');
const kvsError = (code: string, status: number) => expect.objectContaining({ code, responseDetails: expect.objectContaining({ status }) });

let forge: LocalForge;
beforeEach(async () => {
  forge = new LocalForge({ baseUrl: 'http://127.0.0.1:9', authorization: () => 'Basic unused', entities }).install();
  const rows: Array<[string, Revision]> = [
    ['g1', { level: 'global', n: 1, by: 'alice' }],
    ['g3', { level: 'global', n: 3, by: 'carol' }],
    ['g2', { level: 'global', n: 2, by: 'bob' }],
    ['p1', { level: 'project:KTLO', n: 1, by: 'bob' }],
    ['g4', { level: 'global', n: 4, by: 'bob', note: { why: 'tuning' } }],
  ];
  for (const [key, value] of rows) await revisions.set(key, value);
});
afterEach(() => forge.dispose());

it('stores and reads entities apart from plain keys', async () => {
  expect(await revisions.get('g2')).toEqual({ level: 'global', n: 2, by: 'bob' });
  expect(await kvs.get('g2')).toBeUndefined();
  expect((await kvs.query().getMany()).results).toEqual([]);
  await revisions.delete('g2');
  expect(await revisions.get('g2')).toBeUndefined();
});

it('checks values against the declaration', async () => {
  await expect(revisions.set('bad', { level: 'global', n: 1.5, by: 'x' })).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityValue, 400));
  await expect(kvs.entity('settings-revision').set('bad', { level: 'global', n: 1, by: 'x', extra: true })).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityValue, 400));
  await expect(kvs.entity('settings-revision').set('bad', 'not an object')).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityValue, 400));
  await expect(kvs.entity('undeclared').get('x')).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityType, 400));
});

it('queries an index within a partition, by range, sorted either way, filtered, page by page', async () => {
  const byLevel = () => revisions.query().index('by-level', { partition: ['global'] });
  expect((await byLevel().getMany()).results.map((r) => r.key)).toEqual(['g1', 'g2', 'g3', 'g4']);
  expect((await byLevel().sort(Sort.DESC).limit(1).getMany()).results).toEqual([{ key: 'g4', value: { level: 'global', n: 4, by: 'bob', note: { why: 'tuning' } } }]);
  expect((await byLevel().where(WhereConditions.between(2, 3)).getMany()).results.map((r) => r.key)).toEqual(['g2', 'g3']);
  expect((await byLevel().filters(new Filter<Revision>().and('by', FilterConditions.equalTo('bob'))).getMany()).results.map((r) => r.key)).toEqual(['g2', 'g4']);
  expect((await byLevel().filters(new Filter<Revision>().or('by', FilterConditions.equalTo('alice')).or('note', FilterConditions.exists())).getMany()).results.map((r) => r.key)).toEqual(['g1', 'g4']);

  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const query = byLevel().sort(Sort.DESC).limit(3);
    const page = await (cursor ? query.cursor(cursor) : query).getMany();
    keys.push(...page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);
  expect(keys).toEqual(['g4', 'g3', 'g2', 'g1']);
});

it('a bare index name is an index on that attribute; a partitioned index needs its partition', async () => {
  expect((await revisions.query().index('by').where(WhereConditions.beginsWith('b')).getMany()).results.map((r) => r.key)).toEqual(['g2', 'g4', 'p1']);
  await expect(revisions.query().index('by-level').getMany()).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityIndex, 400));
  await expect(revisions.query().index('nope').getMany()).rejects.toEqual(kvsError(KVS_ERROR.invalidEntityIndex, 400));
});

it('conditional transactions: compare-and-set on an entity, all or nothing', async () => {
  const expectN = (n: number) => ({ entityName: 'settings-revision', conditions: new Filter<Revision>().and('n', FilterConditions.equalTo(n)) });
  await kvs.transact().set<Revision>('g4', { level: 'global', n: 5, by: 'dave' }, expectN(4)).set('audit:5', { by: 'dave' }).execute();
  expect(await revisions.get('g4')).toEqual({ level: 'global', n: 5, by: 'dave' });

  const stale = kvs.transact().set<Revision>('g4', { level: 'global', n: 5, by: 'erin' }, expectN(4)).set('audit:5b', { by: 'erin' });
  await expect(stale.execute()).rejects.toEqual(kvsError(KVS_ERROR.conditionFailed, 409));
  expect([await revisions.get('g4'), await kvs.get('audit:5b')]).toEqual([{ level: 'global', n: 5, by: 'dave' }, undefined]);

  await expect(kvs.transact().check('missing', expectN(1)).set('x', 1).execute()).rejects.toEqual(kvsError(KVS_ERROR.conditionFailed, 409));
  const createOnly = { entityName: 'settings-revision', conditions: new Filter<Revision>().and('n', FilterConditions.notExists()) };
  await kvs.transact().set<Revision>('g9', { level: 'global', n: 9, by: 'fay' }, createOnly).execute();
  await expect(kvs.transact().set<Revision>('g9', { level: 'global', n: 9, by: 'gus' }, createOnly).execute()).rejects.toEqual(kvsError(KVS_ERROR.conditionFailed, 409));
});

it('refuses a declaration whose index uses an undeclared or unindexable attribute', () => {
  const bad: EntityDeclaration = { name: 'thing', attributes: { flag: { type: 'boolean' } }, indexes: ['flag'] };
  expect(() => new LocalForge({ baseUrl: 'http://127.0.0.1:9', authorization: () => '', entities: [bad] })).toThrow(/not a declared string, integer or float attribute/);
});
