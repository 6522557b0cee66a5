// The build door: `plugins: ['@breadcrumb/instrumenter']` in a Babel config. The same analysis as the
// load-time door runs on the pristine program; the instrumented text is parsed back into the program so
// that other plugins and Babel's generator carry on from it.
import * as path from 'node:path';
import { parseSync, type ParserOptions, type PluginObj, type PluginPass } from '@babel/core';
import { instrumentParsed, isInstrumented, parserOptionsFor, type CodeShape } from './instrument.js';

export interface PluginOptions {
  /** Module id for the function table; default: the file's path relative to the working directory. */
  moduleId?: string;
  gapIntrinsics?: boolean;
  /** Default `build`: a build's code mostly runs with recording off (see InstrumentOptions.shape). */
  shape?: CodeShape;
}

function defaultModuleId(filename: string): string {
  const relative = path.relative(process.cwd(), filename).split(path.sep).join('/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? filename : `./${relative}`;
}

export default function breadcrumbPlugin(_api: unknown, options: PluginOptions = {}): PluginObj<PluginPass> {
  return {
    name: '@breadcrumb/instrumenter',
    visitor: {
      Program(programPath, state) {
        const source = state.file.code;
        if (isInstrumented(source)) return;
        const filename = state.filename ?? 'unknown.js';
        const sourceType = programPath.node.sourceType;
        try {
          const result = instrumentParsed(source, programPath, {
            filename,
            moduleId: options.moduleId ?? defaultModuleId(filename),
            sourceType,
            gapIntrinsics: options.gapIntrinsics ?? false,
            shape: options.shape ?? 'build',
            inputSourceMap: (state.file.inputMap as { toObject?: () => unknown } | null)?.toObject?.() as never,
          });
          // Parsed back with the file's own parser options (TypeScript, JSX ... from its presets).
          const fileParserOpts = (state.file.opts as { parserOpts?: ParserOptions }).parserOpts ?? {};
          const reparsed = parseSync(result.code, {
            babelrc: false,
            configFile: false,
            browserslistConfigFile: false,
            filename,
            sourceType,
            parserOpts: { ...fileParserOpts, ...parserOptionsFor(sourceType), plugins: fileParserOpts.plugins ?? [] },
          });
          if (!reparsed) return;
          programPath.node.body = reparsed.program.body;
          programPath.node.directives = reparsed.program.directives;
          state.file.ast.comments = reparsed.comments ?? null;
          programPath.scope.crawl();
        } catch (error) {
          // A user's build must not fail because of the tracer: the file stays uninstrumented.
          console.warn(`@breadcrumb/instrumenter: ${filename} left uninstrumented: ${(error as Error).message.split('\n')[0]}`);
        }
      },
    },
  };
}
