/** Tells the user where the settings below came from, or why they must enter them by hand. */
import { ErrorNotice } from '../../../components/ErrorNotice';
import type { DetectionOutcome } from './accountEditorSlice';
import { describeSource } from './draft';

export function DetectionSummary({ detection }: { readonly detection?: DetectionOutcome }) {
  if (!detection) return null;
  switch (detection.kind) {
    case 'found': {
      const { result } = detection;
      return (
        <div className="notice notice-success" role="status">
          <p className="notice-title">
            {result.providerName}: {describeSource(result.source)}
          </p>
          <p>Check the settings below; you can change any of them.</p>
        </div>
      );
    }
    case 'failed':
      return (
        <ErrorNotice
          tone="warning"
          title="We could not find the settings for this address"
          error={detection.error}
          fallbackHint="Enter the server settings from your provider's help pages below."
        />
      );
    case 'skipped':
      return (
        <p className="lead">Enter the server settings from your provider&apos;s help pages.</p>
      );
    default: {
      const unknown: never = detection;
      throw new Error(`Unknown detection outcome: ${JSON.stringify(unknown)}`);
    }
  }
}
