import { describe, expect, it } from 'vitest';
import { bulkReason, bulkReasonLabel } from '../../../src/shared/crm/bulk-mail';
import { message } from './fixtures';

describe('bulkReason', () => {
  it('says nothing about mail from a person', () => {
    expect(bulkReason(message({ from: 'Anna <anna@acme.io>' }), [])).toBeUndefined();
    expect(
      bulkReason(message({ autoSubmitted: 'no', precedence: 'first-class' }), []),
    ).toBeUndefined();
  });

  it('names the header that marks bulk mail, in a fixed order', () => {
    expect(
      bulkReason(
        message({ listId: 'Dev <dev.lists.acme.io>', autoSubmitted: 'auto-generated' }),
        [],
      ),
    ).toBe('List-Id');
    expect(bulkReason(message({ listUnsubscribe: '<mailto:u@x.test>' }), [])).toBe(
      'List-Unsubscribe',
    );
    expect(bulkReason(message({ autoSubmitted: 'Auto-Replied; owner-email="a@b.c"' }), [])).toBe(
      'Auto-Submitted',
    );
    expect(bulkReason(message({ precedence: ' Bulk ' }), [])).toBe('Precedence');
    expect(bulkReason(message({ precedence: 'junk' }), [])).toBe('Precedence');
  });

  it('matches default and given sender patterns, case-insensitively', () => {
    expect(bulkReason(message({ from: 'NoReply@Shop.test' }), [])).toBe('exclude noreply@*');
    expect(bulkReason(message({ from: 'news@marketing.acme.io' }), [])).toBe(
      'exclude *@marketing.*',
    );
    expect(bulkReason(message({ from: 'MAILER-DAEMON@mx.test' }), [])).toBe(
      'exclude mailer-daemon@*',
    );
    expect(bulkReason(message({ from: 'alerts@bank.test' }), ['alerts@*'])).toBe(
      'exclude alerts@*',
    );
    expect(bulkReason(message({ from: 'anna@acme.io' }), ['alerts@*'])).toBeUndefined();
  });

  it('labels an exclude reason by its pattern', () => {
    expect(bulkReasonLabel('exclude noreply@*')).toBe('noreply@*');
    expect(bulkReasonLabel('List-Id')).toBe('List-Id');
  });
});
