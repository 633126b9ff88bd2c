import { z } from 'zod';

// zod probes whether it may compile validators with `Function('')` the first time a schema parses. Custom UI runs
// without 'unsafe-eval', so the probe is a CSP violation even though zod catches it: tell zod not to try. Imported
// first by every surface's entry point, before any module that parses at load time; an entry that starts its work
// before zod loads (sprint-capacity/main.tsx) leaves it to the modules it loads (api/capacity.ts, api/measured.ts).
z.config({ jitless: true });
