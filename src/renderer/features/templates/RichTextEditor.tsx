/**
 * A small rich-text editor on a contentEditable div: bold, italic, underline, bulleted list and
 * links through document.execCommand, which still is the one API that keeps the browser's undo
 * stack. Pasted HTML is sanitized; the value given back is the editor's HTML, which callers
 * sanitize again before storing or sending (sanitizeRichText).
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { normalizeLink, sanitizeRichText } from './sanitize-rich-text';

/** A variable the toolbar offers to insert, e.g. { name: 'contact.first_name', label: ... }. */
export interface InsertableVariable {
  readonly name: string;
  readonly label: string;
}

export interface RichTextEditorProps {
  readonly valueHtml: string;
  readonly onChange: (html: string) => void;
  readonly label: string;
  /** Show the formatting toolbar (default true). */
  readonly toolbar?: boolean;
  /** Variables for the toolbar's "Insert variable" menu; no menu when absent. */
  readonly variables?: readonly InsertableVariable[];
}

type Command = 'bold' | 'italic' | 'underline' | 'insertUnorderedList';

const BUTTONS: readonly { command: Command; label: string; text: ReactNode }[] = [
  { command: 'bold', label: 'Bold', text: <b>B</b> },
  { command: 'italic', label: 'Italic', text: <i>I</i> },
  { command: 'underline', label: 'Underline', text: <u>U</u> },
  { command: 'insertUnorderedList', label: 'Bulleted list', text: '• List' },
];

export function RichTextEditor({
  valueHtml,
  onChange,
  label,
  toolbar = true,
  variables,
}: RichTextEditorProps) {
  const labelId = useId();
  const editor = useRef<HTMLDivElement>(null);
  // The HTML we last reported: a value equal to it is our own echo and must not reset the caret.
  const emitted = useRef<string | null>(null);
  const savedRange = useRef<Range | null>(null);
  const [linking, setLinking] = useState(false);
  const [linkUrl, setLinkUrl] = useState('');
  const [linkError, setLinkError] = useState<string>();

  useLayoutEffect(() => {
    const element = editor.current;
    if (!element || valueHtml === emitted.current) return;
    element.innerHTML = sanitizeRichText(valueHtml);
    emitted.current = valueHtml;
  }, [valueHtml]);

  /** Remembers the caret while it is in the editor, so insertions land where it was. */
  function remember() {
    const selection = document.getSelection();
    const element = editor.current;
    if (!selection || selection.rangeCount === 0 || !element) return;
    const range = selection.getRangeAt(0);
    if (element.contains(range.commonAncestorContainer)) savedRange.current = range.cloneRange();
  }

  // selectionchange is queued, so the editor also remembers on its own keys, clicks and blur.
  useEffect(() => {
    document.addEventListener('selectionchange', remember);
    return () => document.removeEventListener('selectionchange', remember);
  }, []);

  function emit() {
    const element = editor.current;
    if (!element) return;
    const html = element.innerHTML === '<br>' ? '' : element.innerHTML;
    emitted.current = html;
    onChange(html);
  }

  /** Focuses the editor with the remembered caret (or at the end), then runs `command`. */
  function run(command: string, value?: string) {
    const element = editor.current;
    if (!element) return;
    element.focus();
    const selection = document.getSelection();
    if (selection) {
      let range = savedRange.current;
      if (!range || !element.contains(range.commonAncestorContainer)) {
        range = document.createRange();
        range.selectNodeContents(element);
        range.collapse(false);
      }
      selection.removeAllRanges();
      selection.addRange(range);
    }
    document.execCommand(command, false, value);
    emit();
  }

  function addLink() {
    const url = normalizeLink(linkUrl);
    if (!url) {
      setLinkError('Enter a web address (https://…) or an email address.');
      return;
    }
    const range = savedRange.current;
    if (!range || range.collapsed) {
      const escaped = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      const text = url
        .replace(/^mailto:/i, '')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;');
      run('insertHTML', `<a href="${escaped}">${text}</a>`);
    } else {
      run('createLink', url);
    }
    setLinking(false);
    setLinkUrl('');
    setLinkError(undefined);
  }

  return (
    <div className="field rich-text">
      <span className="rich-text-label" id={labelId}>
        {label}
      </span>
      {toolbar && (
        <div className="rich-text-toolbar" role="toolbar" aria-label={`${label} formatting`}>
          {BUTTONS.map((button) => (
            <button
              key={button.command}
              type="button"
              className="rich-text-button"
              aria-label={button.label}
              title={button.label}
              // Keep the focus (and selection) in the editor.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(button.command)}
            >
              {button.text}
            </button>
          ))}
          <button
            type="button"
            className="rich-text-button"
            aria-expanded={linking}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => setLinking((open) => !open)}
          >
            Link
          </button>
          {variables && variables.length > 0 && (
            <select
              className="rich-text-variables"
              aria-label="Insert variable"
              value=""
              onChange={(event) => {
                if (event.target.value) run('insertText', `{${event.target.value}}`);
              }}
            >
              <option value="">Insert variable…</option>
              {variables.map((variable) => (
                <option key={variable.name} value={variable.name}>
                  {variable.label} — {`{${variable.name}}`}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      {linking && (
        <div className="rich-text-link">
          <input
            type="text"
            aria-label="Link address"
            placeholder="https://example.com or name@example.com"
            value={linkUrl}
            autoFocus
            aria-invalid={linkError ? true : undefined}
            onChange={(event) => setLinkUrl(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addLink();
              }
            }}
          />
          <button type="button" className="button button-small" onClick={addLink}>
            Add link
          </button>
          <button
            type="button"
            className="button button-small button-secondary"
            onClick={() => setLinking(false)}
          >
            Cancel
          </button>
          {linkError && <span className="field-error">{linkError}</span>}
        </div>
      )}
      <div
        ref={editor}
        className="rich-text-area"
        role="textbox"
        aria-multiline="true"
        aria-labelledby={labelId}
        contentEditable
        suppressContentEditableWarning
        onInput={emit}
        onKeyUp={remember}
        onMouseUp={remember}
        onBlur={remember}
        onPaste={(event) => {
          // Pasted pages bring styles, scripts and images: keep only what we would store.
          event.preventDefault();
          const html = event.clipboardData.getData('text/html');
          if (html) run('insertHTML', sanitizeRichText(html));
          else run('insertText', event.clipboardData.getData('text/plain'));
        }}
      />
    </div>
  );
}
