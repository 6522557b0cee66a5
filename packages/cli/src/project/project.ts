// Creating and opening projects: the config file plus the paths derived from the name.

import fs from 'node:fs';
import { ProjectExistsError, ProjectNotFoundError } from '../errors.js';
import { loadConfig, readConfigFile, writeConfigFile, type ConfigDocument } from '../config/document.js';
import type { ProjectConfig } from '../config/schema.js';
import { renderTemplate } from '../config/template.js';
import { makePrivateDir, projectPaths, type ProjectPaths } from './paths.js';

export interface CreateProjectOptions {
  include?: string[];
  exclude?: string[];
  force?: boolean;
}

export interface CreatedProject {
  project: string;
  config: string;
  database: string;
  overwritten: boolean;
}

export function createProject(name: string, options: CreateProjectOptions = {}): CreatedProject {
  const paths = projectPaths(name);
  const exists = fs.existsSync(paths.config);
  if (exists && !options.force) throw new ProjectExistsError(name, paths.config);
  makePrivateDir(paths.home);
  writeConfigFile(paths.config, renderTemplate(name, { include: options.include, exclude: options.exclude }));
  return { project: name, config: paths.config, database: paths.database, overwritten: exists };
}

export interface OpenProject {
  paths: ProjectPaths;
  document: ConfigDocument;
}

/** The project's config document, unvalidated (validate and edit work on broken files too). */
export function openProjectDocument(name: string): OpenProject {
  const paths = projectPaths(name);
  if (!fs.existsSync(paths.config)) throw new ProjectNotFoundError(name);
  return { paths, document: readConfigFile(paths.config) };
}

/** The project's resolved config; throws ConfigInvalidError with file:line:key problems. */
export function openProject(name: string): OpenProject & { config: ProjectConfig } {
  const project = openProjectDocument(name);
  return { ...project, config: loadConfig(project.document) };
}
