/** Pure helpers of the approval pages (kept apart from the components so they are unit-tested). */

export const DRAFT_STATUSES = ['PENDING_APPROVAL', 'APPROVED', 'SENT', 'FAILED', 'REJECTED', 'SUPERSEDED'] as const;
export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'answered', 'timed_out'] as const;

const LABELS: Record<string, string> = {
  PENDING_APPROVAL: 'Waiting for approval',
  APPROVED: 'Approved, sending',
  SENT: 'Sent',
  FAILED: 'Failed to send',
  REJECTED: 'Rejected',
  SUPERSEDED: 'Superseded',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  answered: 'Answered',
  timed_out: 'Timed out',
};

/** A status as people read it. */
export function statusLabel(status: string | undefined): string {
  return (status && LABELS[status]) ?? status ?? '';
}

/** The colour of a status badge. */
export function statusTone(status: string | undefined): 'neutral' | 'good' | 'bad' | 'warn' {
  switch (status) {
    case 'PENDING_APPROVAL':
    case 'APPROVED':
    case 'pending':
      return 'warn';
    case 'SENT':
    case 'approved':
    case 'answered':
      return 'good';
    case 'FAILED':
    case 'REJECTED':
    case 'rejected':
      return 'bad';
    default:
      return 'neutral';
  }
}

/**
 * The body of an approval: the owner's text only when it differs from the suggestion (ignoring
 * surrounding white space) and is not blank; otherwise the suggestion is sent as it is.
 */
export function approvalBody(suggested: string, edited: string): { text?: string } {
  const text = edited.trim();
  if (!text || text === suggested.trim()) return {};
  return { text };
}

/** Whether the text in the editor would be sent instead of the suggestion. */
export function isEdited(suggested: string, edited: string): boolean {
  return approvalBody(suggested, edited).text !== undefined;
}

/** How a decision reads in the audit trail, e.g. "edited in Telegram". */
export function describeDecision(decision: { decision?: string; source?: string }): string {
  const where = decision.source === 'telegram' ? ' in Telegram' : decision.source === 'web' ? ' in the web app' : '';
  const what = (decision.decision ?? '').replace('_', ' ');
  return decision.source === 'system' ? `${what} automatically` : `${what}${where}`;
}

export interface RequestLike {
  type?: string;
  status?: string;
  options?: string[];
}

/** What a pending request can be answered with: its options as buttons, and a text box for a clarification. */
export function answerChoices(request: RequestLike): { options: string[]; text: boolean } {
  if (request.status !== 'pending') return { options: [], text: false };
  return { options: request.options ?? [], text: request.type === 'clarification' };
}

/** Time until a timeout, e.g. "in 4 min", "overdue"; empty without a timeout. */
export function timeLeft(timeoutAt: string | undefined | null, now: Date = new Date()): string {
  if (!timeoutAt) return '';
  const ms = new Date(timeoutAt).getTime() - now.getTime();
  if (ms <= 0) return 'overdue';
  const s = Math.round(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `in ${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `in ${h} h`;
  return `in ${Math.round(h / 24)} days`;
}
