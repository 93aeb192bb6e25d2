// Parses every ```mermaid block (xychart or flowchart) of the given Markdown (or insta snapshot)
// files with Mermaid's own parser, the library GitHub renders them with.
// Exits 1 when a chart does not parse or when no chart was found at all, so
// the check cannot pass by finding nothing.
import fs from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let charts = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const blocks = fs.readFileSync(file, 'utf8').split('```mermaid\n').slice(1).map((b) => b.split('```')[0]);
  for (const [i, block] of blocks.entries()) {
    charts += 1;
    try {
      const parsed = await mermaid.parse(block);
      if (!['xychart', 'flowchart-v2'].includes(parsed.diagramType)) throw new Error(`parsed as ${parsed.diagramType}, not xychart or flowchart`);
    } catch (e) {
      failed += 1;
      console.error(`${file}: chart ${i + 1}: ${e.message}`);
    }
  }
}
console.log(`mermaid: ${charts} charts parsed, ${failed} failed`);
if (charts === 0 || failed > 0) process.exit(1);
