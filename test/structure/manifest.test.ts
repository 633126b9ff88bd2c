import { validate } from '@forge/manifest';
import { join } from 'node:path';

describe('manifest.yml', () => {
  it("passes @forge/manifest's full validation with no errors", async () => {
    const cwd = process.cwd();
    // validate() resolves handlers and resources relative to the working directory, as the Forge CLI does.
    process.chdir(join(__dirname, '../..'));
    try {
      const result = await validate(false, 'manifest.yml');
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});
