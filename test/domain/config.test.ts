import fc from 'fast-check';
import {
  DEFAULT_GLOBAL_CONFIG,
  parseBoardConfig,
  parseGlobalConfig,
  parseProjectConfig,
  resolveConfig,
  isProjectEnabled,
  CONFIG_VERSION,
} from '../../src/domain/config';

describe('global config', () => {
  it('defaults are valid and hold the documented values', () => {
    const parsed = parseGlobalConfig(DEFAULT_GLOBAL_CONFIG);
    expect(parsed.ok).toBe(true);
    expect(DEFAULT_GLOBAL_CONFIG).toMatchObject({
      band: { min: 0.2, max: 0.3 },
      defaultCategory: 'PROJECT',
      lowConfidenceThreshold: 0.6,
      estimationBasis: 'board',
      enabledProjects: [],
      explicitLabels: { KTLO: ['ktlo', 'keep-the-lights-on', 'bau'], PROJECT: ['project-work'] },
    });
  });

  it('fills defaults for a partial document', () => {
    const parsed = parseGlobalConfig({ band: { min: 0.25, max: 0.35 } });
    expect(parsed).toMatchObject({ ok: true, value: { version: CONFIG_VERSION, band: { min: 0.25, max: 0.35 }, defaultCategory: 'PROJECT' } });
  });

  it('migrates version 1 (percent band, KTLO labels only)', () => {
    const parsed = parseGlobalConfig({ version: 1, reservedPercent: { min: 15, max: 25 }, ktloLabels: ['ops'], enabledProjects: ['OPS'] });
    expect(parsed).toMatchObject({
      ok: true,
      value: { version: 2, band: { min: 0.15, max: 0.25 }, explicitLabels: { KTLO: ['ops'], PROJECT: ['project-work'] }, enabledProjects: ['OPS'] },
    });
  });

  it.each([
    [{ band: { min: 0.4, max: 0.3 } }, 'band.min: min must not be greater than max'],
    [{ band: { min: -0.1, max: 0.3 } }, 'band.min'],
    [{ lowConfidenceThreshold: 2 }, 'lowConfidenceThreshold'],
    [{ defaultCategory: 'OTHER' }, 'defaultCategory'],
    [{ estimationBasis: 'days' }, 'estimationBasis'],
    [{ enabledProjects: ['ops'] }, 'enabledProjects.0: must be a Jira project key'],
    [{ rules: { ...DEFAULT_GLOBAL_CONFIG.rules, phrases: [{ id: 'x', category: 'KTLO', weight: 11, reason: 'r', terms: ['a'] }] } }, 'rules.phrases.0.weight'],
    [{ rules: { ...DEFAULT_GLOBAL_CONFIG.rules, phrases: [{ id: 'x', category: 'KTLO', weight: 1, reason: 'r', terms: [] }] } }, 'rules.phrases.0.terms'],
    [{ surprise: true }, 'surprise'],
    [{ version: 7 }, 'version 7 is not supported'],
    [[], 'expected a JSON object'],
  ])('rejects %j naming the field', (raw, fragment) => {
    const parsed = parseGlobalConfig(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(fragment);
  });
});

describe('levels', () => {
  it('board over project over global', () => {
    const project = parseProjectConfig({ band: { min: 0.1, max: 0.2 }, defaultCategory: 'KTLO' });
    const board = parseBoardConfig({ band: { min: 0.3, max: 0.4 }, teamCapacity: 40, wipLimit: 3 });
    if (!project.ok || !board.ok) throw new Error('fixture');
    expect(resolveConfig(DEFAULT_GLOBAL_CONFIG).band).toEqual({ min: 0.2, max: 0.3 });
    expect(resolveConfig(DEFAULT_GLOBAL_CONFIG, project.value).band).toEqual({ min: 0.1, max: 0.2 });
    const effective = resolveConfig(DEFAULT_GLOBAL_CONFIG, project.value, board.value);
    expect(effective).toMatchObject({ band: { min: 0.3, max: 0.4 }, defaultCategory: 'KTLO', teamCapacity: 40, wipLimit: 3 });
  });

  it('board settings reject fields that belong to other levels and bad values', () => {
    expect(parseBoardConfig({ defaultCategory: 'KTLO' })).toMatchObject({ ok: false });
    const bad = parseBoardConfig({ teamCapacity: -5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^invalid board settings: teamCapacity:/);
    expect(parseBoardConfig({ wipLimit: 2.5 }).ok).toBe(false);
    expect(parseProjectConfig({ enabledProjects: ['OPS'] }).ok).toBe(false);
  });

  it('names each field at fault as data: its path, a code and a sentence', () => {
    const problems = (raw: unknown) => {
      const parsed = parseBoardConfig(raw);
      return parsed.ok ? [] : parsed.problems.map(({ path, code }) => ({ path, code }));
    };
    expect(problems({ band: { min: 0.4, max: 0.3 } })).toEqual([{ path: ['band', 'min'], code: 'BAND_ORDER' }]);
    expect(problems({ band: { min: -0.1 } })).toEqual([
      { path: ['band', 'min'], code: 'OUT_OF_RANGE' },
      { path: ['band', 'max'], code: 'REQUIRED' },
    ]);
    expect(problems({ teamCapacity: 'lots', wipLimit: 2.5, estimationBasis: 'tshirt' })).toEqual([
      { path: ['estimationBasis'], code: 'NOT_ALLOWED' },
      { path: ['teamCapacity'], code: 'NOT_A_NUMBER' },
      { path: ['wipLimit'], code: 'NOT_WHOLE' },
    ]);
    expect(problems({ defaultCategory: 'KTLO', band: null })).toEqual([
      { path: ['band'], code: 'WRONG_TYPE' },
      { path: ['defaultCategory'], code: 'UNKNOWN_FIELD' },
    ]);
    const global = parseGlobalConfig({ version: 7 });
    expect(global).toEqual({ ok: false, error: expect.stringContaining('version 7'), problems: [{ path: ['version'], code: 'NOT_ALLOWED', message: expect.stringContaining('version 7') }] });
    const project = parseProjectConfig({ rules: { ...DEFAULT_GLOBAL_CONFIG.rules, phrases: [{ id: 'p', category: 'KTLO', weight: 11, reason: '', terms: [] }] } });
    expect(project.ok ? [] : project.problems.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: ['rules', 'phrases', 0, 'weight'], code: 'OUT_OF_RANGE' },
      { path: ['rules', 'phrases', 0, 'reason'], code: 'TOO_SHORT' },
      { path: ['rules', 'phrases', 0, 'terms'], code: 'TOO_FEW' },
    ]);
  });

  it('the app is opt-in per project', () => {
    expect(isProjectEnabled(DEFAULT_GLOBAL_CONFIG, 'OPS')).toBe(false);
    expect(isProjectEnabled({ ...DEFAULT_GLOBAL_CONFIG, enabledProjects: ['OPS'] }, 'OPS')).toBe(true);
  });

  it('property: the most specific level that sets a field wins', () => {
    const band = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.option(band, { nil: undefined }), fc.option(band, { nil: undefined }), band, (projectBand, boardBand, globalBand) => {
        const effective = resolveConfig({ ...DEFAULT_GLOBAL_CONFIG, band: globalBand }, projectBand ? { band: projectBand } : {}, boardBand ? { band: boardBand } : {});
        expect(effective.band).toEqual(boardBand ?? projectBand ?? globalBand);
      }),
    );
  });
});
