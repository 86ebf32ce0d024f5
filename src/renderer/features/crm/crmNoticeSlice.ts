/**
 * The last CRM action that failed (a save, an unlink, an import), shown on top of the CRM
 * screens and beside the message until dismissed. Actions run through `runCrmAction`.
 */
import { create } from 'zustand';
import { toAppError, type AppError } from '../../../shared/errors';

interface CrmNoticeSlice {
  readonly failure?: { readonly what: string; readonly error: AppError };
  readonly dismiss: () => void;
}

export const useCrmNotice = create<CrmNoticeSlice>()((set) => ({
  failure: undefined,
  dismiss() {
    set({ failure: undefined });
  },
}));

/** Runs `action`; a failure is shown as "`what`" with the reason. Resolves to undefined then. */
export async function runCrmAction<T>(
  what: string,
  action: () => Promise<T>,
): Promise<T | undefined> {
  try {
    const value = await action();
    useCrmNotice.setState({ failure: undefined });
    return value;
  } catch (thrown) {
    console.error(what, thrown);
    useCrmNotice.setState({ failure: { what, error: toAppError(thrown) } });
    return undefined;
  }
}
