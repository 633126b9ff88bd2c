import { CallMeter, pointsOf, QuotaYield, readQuotaHeaders } from '../../src/jira/points';

/** The app's side of the points quota: costs read from answers, both header forms, and when background work yields. */

const headers = (h: Record<string, string>) => new Headers(h);

describe('pointsOf', () => {
  it('costs a read 1 plus its objects (2 for permissions and users), a write 1', () => {
    expect(pointsOf('POST', '/rest/api/3/search/jql', { issues: [{}, {}, {}], isLast: true })).toBe(4);
    expect(pointsOf('GET', '/rest/agile/1.0/board/1/sprint', { values: [{}, {}], isLast: true })).toBe(3);
    expect(pointsOf('GET', '/rest/api/3/mypermissions', { permissions: { ADMINISTER: {}, BROWSE_PROJECTS: {} } })).toBe(5);
    expect(pointsOf('GET', '/rest/api/3/field', [{}, {}, {}, {}])).toBe(5);
    expect(pointsOf('GET', '/rest/agile/1.0/board/1', { id: 1, name: 'b' })).toBe(2);
    expect(pointsOf('POST', '/rest/api/3/app/field/value', undefined)).toBe(1);
    expect(pointsOf('POST', '/rest/api/3/changelog/bulkfetch', { issueChangeLogs: [{}, {}] })).toBe(3);
  });
});

describe('readQuotaHeaders', () => {
  it('reads the enforced form, the Beta- form, and a 429 without either', () => {
    expect(readQuotaHeaders(headers({ 'RateLimit-Policy': '"global-app-quota";q=65000;w=3600', RateLimit: '"global-app-quota";r=1200;t=600', 'X-RateLimit-NearLimit': 'true' }))).toEqual({
      quota: 65_000,
      remaining: 1_200,
      resetSeconds: 600,
      nearLimit: true,
      enforced: true,
    });
    expect(
      readQuotaHeaders(headers({ 'Beta-RateLimit-Policy': '"tenant-app-quota";q=100100;w=3600', 'Beta-RateLimit': '"tenant-app-quota";r=17842;t=2107', 'X-Beta-RateLimit-NearLimit': 'true' })),
    ).toEqual({ quota: 100_100, remaining: 17_842, resetSeconds: 2_107, nearLimit: true, enforced: false });
    expect(readQuotaHeaders(headers({ 'Retry-After': '1800' }))).toEqual({ quota: null, remaining: null, resetSeconds: 1_800, nearLimit: false, enforced: null });
  });
});

describe('CallMeter', () => {
  it('lets views through near the limit; background work yields until the reset Jira named', () => {
    // No NearLimit flag, but under a fifth left: the same signal.
    const near = headers({ 'RateLimit-Policy': '"global-app-quota";q=1000;w=3600', RateLimit: '"global-app-quota";r=150;t=420' });
    const view = new CallMeter('view');
    view.observe(200, near);
    expect(() => view.admit()).not.toThrow();
    const bulk = new CallMeter('bulk');
    expect(() => bulk.admit()).not.toThrow();
    bulk.observe(200, near);
    expect(() => bulk.admit()).toThrow(new QuotaYield('near-limit', 420));
  });

  it('stops background work at its daily budget, and keeps when a wall clears', () => {
    const now = Date.parse('2026-12-01T10:30:00.000Z');
    const meter = new CallMeter('snapshot', 10, () => now);
    meter.charge('POST', '/rest/api/3/search/jql', { issues: new Array<object>(9).fill({}) });
    expect(meter.points).toBe(10);
    expect(() => meter.admit()).toThrow(QuotaYield);
    meter.observe(429, headers({ 'Retry-After': '1800' }));
    expect(meter.wallClearsAt).toBe('2026-12-01T11:00:00.000Z');
  });
});
