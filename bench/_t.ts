import { generateIssues } from './generate';
import { TokenBuffer } from '../src/domain/text';
const issues = generateIssues(100000, 1);
const b = new TokenBuffer();
for (let r = 0; r < 3; r++) {
let t = process.hrtime.bigint(); let n = 0;
for (const i of issues) { b.scan(i.description); n += b.count; }
console.log('scan', Number(process.hrtime.bigint() - t) / 1e6, n);
t = process.hrtime.bigint(); n = 0;
for (const i of issues) { n += i.description.toLowerCase().length; }
console.log('lower', Number(process.hrtime.bigint() - t) / 1e6, n);
t = process.hrtime.bigint(); n = 0;
for (const i of issues) { const s = i.description; let h = 0; for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619); n += h & 1; }
console.log('loop', Number(process.hrtime.bigint() - t) / 1e6, n);
}
