import { overridesBelow } from '../../src/domain/setting-overrides';

describe('overridesBelow', () => {
  it('lists per field the projects and boards that set it, sorted, and leaves out fields nobody sets', () => {
    const found = overridesBelow(
      [
        { key: 'WEB', settings: { band: { min: 0.3, max: 0.4 } } },
        { key: 'OPS', settings: { band: { min: 0.1, max: 0.2 }, rules: undefined } },
        { key: 'SEC', settings: {} },
      ],
      [
        { id: 7, name: null, settings: { band: { min: 0.2, max: 0.3 }, estimationBasis: 'issueCount' } },
        { id: 1, name: 'OPS board', settings: { band: { min: 0.35, max: 0.45 } } },
        // Capacity and a WIP limit are the board's alone: nothing above sets them, so nothing is overridden.
        { id: 2, name: 'WEB board', settings: { teamCapacity: 30, wipLimit: 4 } },
      ],
    );
    expect(found).toEqual([
      { field: 'band', projects: ['OPS', 'WEB'], boards: [{ id: 1, name: 'OPS board' }, { id: 7, name: null }] },
      { field: 'estimationBasis', projects: [], boards: [{ id: 7, name: null }] },
    ]);
  });

  it('is empty when nobody below sets anything', () => {
    expect(overridesBelow([{ key: 'OPS', settings: {} }], [{ id: 1, name: 'OPS board', settings: {} }])).toEqual([]);
  });
});
