/**
 * Renders real screens into the test page, as main.tsx does (StrictMode, the app's styles), and
 * takes them down after each test.
 */
import { createElement, StrictMode, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import '../../../src/renderer/styles/theme.css';
import '../../../src/renderer/styles/shell.css';
import '../../../src/renderer/styles/controls.css';
import '../../../src/renderer/styles/table.css';
import '../../../src/renderer/styles/dialog.css';
import '../../../src/renderer/styles/forms.css';
import '../../../src/renderer/styles/crm.css';

const mounted: { root: Root; container: HTMLElement }[] = [];

/** Renders `element` in StrictMode into a fresh container. */
export function renderScreen(element: ReactElement): void {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  root.render(createElement(StrictMode, null, element));
  mounted.push({ root, container });
}

/** Unmounts everything renderScreen rendered. */
export function unmountAll(): void {
  for (const { root, container } of mounted.splice(0)) {
    root.unmount();
    container.remove();
  }
}
