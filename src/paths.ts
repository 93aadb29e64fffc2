import { fileURLToPath } from 'node:url';

/** The package root, whether running from src/ (tsx, vitest) or dist/ (the built CLI). */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const defaultFieldMapPath = fileURLToPath(new URL('../templates/worksheet-map.json', import.meta.url));
export const defaultTemplatePath = fileURLToPath(
  new URL('../templates/imt-implementation-worksheet.xlsx', import.meta.url),
);
