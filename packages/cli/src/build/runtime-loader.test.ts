import { describe, expect, it } from 'vitest';
import { insertRuntimeLoad, loadInsertionOffset, runtimeLoadStatement, runtimeSpecifier } from './runtime-loader.js';
import { shiftMappingsOnLine } from './source-map-shift.js';

describe('loadInsertionOffset', () => {
  const cases: Array<[string, string, string]> = [
    ['plain code: the start', 'const a = 1;\n', ''],
    ['after a directive on its own line', "'use strict';\nconst a = 1;\n", "'use strict';"],
    ['after several directives and comments', '"use strict"; /* x */ "use asm";\nf();', '"use strict"; /* x */ "use asm";'],
    ['after the shebang', '#!/usr/bin/env node\nmain();\n', '#!/usr/bin/env node\n'],
    ['shebang then directive', "#!/usr/bin/env node\n// hi\n'use strict';\nmain();", "#!/usr/bin/env node\n// hi\n'use strict';"],
    ['a string expression is not a directive', "'a' + b;\n", ''],
    ['a directive without semicolon stays untouched', "'use strict'\nf();", ''],
    ['escaped quotes inside the directive', "'it\\'s';\nf();", "'it\\'s';"],
  ];
  for (const [name, code, before] of cases) {
    it(name, () => expect(code.slice(0, loadInsertionOffset(code))).toBe(before));
  }
});

describe('runtimeSpecifier', () => {
  it('is relative with ./ or ../, even to a dot folder', () => {
    expect(runtimeSpecifier('/out/main.js', '/out/.breadcrumb/runtime/index.js')).toBe('./.breadcrumb/runtime/index.js');
    expect(runtimeSpecifier('/out/src/a/b.js', '/out/.breadcrumb/runtime/index.js')).toBe('../../.breadcrumb/runtime/index.js');
  });
  it('is loaded with require or import by module format, naming the file, its position and its own length', () => {
    const cjs = runtimeLoadStatement('commonjs', './x.js', '/src/a.js', 1, 13);
    expect(cjs).toBe(`require("./x.js").built(__filename,"/src/a.js",1,13,${cjs.length});`);
    const esm = runtimeLoadStatement('module', './x.js', '/src/a.js', 2, 0);
    expect(esm).toBe(`import __bc$runtime from "./x.js";__bc$runtime.built(import.meta.url,"/src/a.js",2,0,${esm.length});`);
  });
});

describe('insertRuntimeLoad', () => {
  it('keeps every line where it was and shifts the map on the insertion line only', () => {
    // line 0: "'use strict';" (one segment at col 0), line 1: "f();" (segments at 0 and 2)
    const code = "'use strict';\nf();\n";
    const map = { version: 3, sources: ['a.js'], mappings: 'AAAA,aAAa;AACA,EAAE', names: [] };
    const statement = 'require("./rt.js");';
    const out = insertRuntimeLoad({ code, map }, (line, column) => {
      expect([line, column]).toEqual([1, 13]);
      return statement;
    });
    expect(out.code).toBe(`'use strict';${statement}\nf();\n`);
    expect(out.code.split('\n')).toHaveLength(code.split('\n').length);
    // the segment at column 13 (after the directive) moves by the statement's length; line 1 is untouched
    expect(out.map!.mappings).toBe('AAAA,gCAAa;AACA,EAAE'); // 13 + 19 = 32 = 'gC'
  });
});

describe('shiftMappingsOnLine', () => {
  it('changes only the first segment at or after the column', () => {
    // segments at columns 0, 4, 10 on line 1; line 0 and 2 untouched
    const mappings = 'AAAA;AAAA,IAAI,MAAM;AACA';
    expect(shiftMappingsOnLine(mappings, 1, 4, 5)).toBe('AAAA;AAAA,SAAI,MAAM;AACA');
    expect(shiftMappingsOnLine(mappings, 1, 0, 1)).toBe('AAAA;CAAA,IAAI,MAAM;AACA');
    expect(shiftMappingsOnLine(mappings, 1, 11, 5)).toBe(mappings);
    expect(shiftMappingsOnLine(mappings, 7, 0, 5)).toBe(mappings);
  });
  it('round-trips large and negative numbers', () => {
    // a column delta of 1000 then a segment 3 columns to the left
    const mappings = 'wtBAAA,HAAA';
    expect(shiftMappingsOnLine(mappings, 0, 0, 24)).toBe('gvBAAA,HAAA');
  });
});
