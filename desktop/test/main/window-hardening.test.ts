// The app window's hardening, read from app-window.ts as security scanners (Electronegativity)
// read it: the literal options given to `new BrowserWindow`. app-window.ts needs Electron, which
// cannot load in Node, so the options are checked in the source.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

function browserWindowPreferences(): Record<string, string> {
  const path = new URL('../../src/main/app-window.ts', import.meta.url).pathname;
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Record<string, string>[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'BrowserWindow' && node.arguments?.[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      for (const property of node.arguments[0].properties) {
        if (ts.isPropertyAssignment(property) && property.name.getText() === 'webPreferences' && ts.isObjectLiteralExpression(property.initializer)) {
          found.push(
            Object.fromEntries(property.initializer.properties.filter(ts.isPropertyAssignment).map((p) => [p.name.getText(), p.initializer.getText()])),
          );
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the app window', () => {
  it('is isolated and sandboxed, without Node, webviews or windows opened by a middle click', () => {
    expect(browserWindowPreferences()).toMatchObject({
      contextIsolation: 'true',
      sandbox: 'true',
      nodeIntegration: 'false',
      nodeIntegrationInWorker: 'false',
      webSecurity: 'true',
      allowRunningInsecureContent: 'false',
      webviewTag: 'false',
      disableBlinkFeatures: "'Auxclick'",
    });
  });
});
