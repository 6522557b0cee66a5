// The build door: `plugins: ['@breadcrumb/instrumenter']` in a Babel config. The same analysis as the
// load-time door runs on the pristine program; the instrumented text is parsed back into the program so
// that other plugins and Babel's generator carry on from it.
import * as path from 'node:path';
import { parseSync, type ParserOptions, type PluginObj, type PluginPass } from '@babel/core';
import { instrumentParsed, isInstrumented, parserOptionsFor, type CodeShape } from './instrument.js';
import { pluginSettings, type PluginOptions } from './plugin-options.js';
import { runtimeStartFormat } from './runtime-start-format.js';

export type { PluginOptions } from './plugin-options.js';

/** The module id `breadcrumb run` would give the file: relative to the root with `./`, else absolute. */
function moduleIdUnder(root: string, filename: string): string {
  const relative = path.relative(root, filename).split(path.sep).join('/');
  return relative.startsWith('..') || path.isAbsolute(relative) ? filename : `./${relative}`;
}

export default function breadcrumbPlugin(_api: unknown, options: PluginOptions = {}): PluginObj<PluginPass> {
  // A wrong option is the build's author's to fix: Babel reports it, naming the plugin.
  const settings = pluginSettings(options);
  return {
    name: '@breadcrumb/instrumenter',
    visitor: {
      Program(programPath, state) {
        const source = state.file.code;
        if (isInstrumented(source)) return;
        const filename = state.filename ?? 'unknown.js';
        const moduleId = options.moduleId ?? moduleIdUnder(settings.root, filename);
        if (!settings.selected(moduleId)) return;
        const sourceType = programPath.node.sourceType;
        try {
          const shape: CodeShape = options.shape ?? 'build';
          const result = instrumentParsed(source, programPath, {
            filename,
            moduleId,
            sourceType,
            gapIntrinsics: options.gapIntrinsics ?? false,
            shape,
            ...(settings.runtimeStart === null ? {} : { prelude: settings.runtimeStart(runtimeStartFormat(programPath, filename)) }),
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
